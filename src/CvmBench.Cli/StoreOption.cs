using System.CommandLine;
using CvmBench.Storage;
using CvmBench.Storage.Sqlite;

namespace CvmBench.Cli;

/// <summary><c>--store PATH</c>, shared by every command that reads or writes stored runs.</summary>
internal static class StoreOption
{
    public static Option<string?> Create() => new("--store")
    {
        Description = "The results store (an SQLite file). Default: $XDG_DATA_HOME/cvmbench/results.db, else ~/.local/share/cvmbench/results.db.",
        HelpName = "PATH",
    };

    /// <summary>The path asked for, or the default.</summary>
    public static string PathOf(ParseResult parse, Option<string?> option) => parse.GetValue(option) ?? ResultStorePath.Default();

    /// <summary>Opens the store; <paramref name="create"/> is false for commands that only read, so they never leave
    /// an empty store behind.</summary>
    public static IResultStore Open(ParseResult parse, Option<string?> option, bool create) => SqliteResultStore.Open(PathOf(parse, option), create);
}
