using System.CommandLine;
using CvmBench.Cli.Commands;

namespace CvmBench.Cli;

/// <summary>Every verb, in the order --help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        RunCommand.Create(),
        SweepCommand.Create(),
        BandwidthTestCommand.Create(),
        ProbeCommand.Create(),
        DevicesCommand.Create(),
        ConvertCommand.Create(),
        ModelCommand.Create(),
        EmulateCommand.Create(),
        RunsCommand.Create(),
        ReportCommand.Create(),
        CompareCommand.Create(),
        ImportCommand.Create(),
        ExportCommand.Create(),
        StoreCommand.Create(),
    ];
}
