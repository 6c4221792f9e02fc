using System.CommandLine;
using CvmBench.Cli.Commands;

namespace CvmBench.Cli;

/// <summary>Every verb, in the order --help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        ProbeCommand.Create(),
        DevicesCommand.Create(),
    ];
}
