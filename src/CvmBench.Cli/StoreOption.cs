using System.CommandLine;
using CvmBench.Storage;

namespace CvmBench.Cli;

/// <summary><c>--store</c>, shared by every command that reads or writes stored runs: an SQLite file, or a PostgreSQL
/// server that a fleet of machines shares.</summary>
internal static class StoreOption
{
    public const string Description = "an SQLite file, or a PostgreSQL connection string (postgresql://user@host:port/db or Host=...;Database=...; "
        + "the password from the string, PGPASSWORD or ~/.pgpass).";

    public static Option<string?> Create() => new("--store")
    {
        Description = $"The results store: {Description} Default: $XDG_DATA_HOME/cvmbench/results.db, else ~/.local/share/cvmbench/results.db.",
        HelpName = "STORE",
    };

    /// <summary>The store asked for, or the default file.</summary>
    public static string Of(ParseResult parse, Option<string?> option) => parse.GetValue(option) ?? ResultStorePath.Default();

    /// <summary>Opens the store; <paramref name="create"/> is false for commands that only read, so they never leave
    /// an empty store behind.</summary>
    public static IResultStore Open(ParseResult parse, Option<string?> option, bool create) => ResultStore.Open(Of(parse, option), create);
}
