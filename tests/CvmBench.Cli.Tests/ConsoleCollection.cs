namespace CvmBench.Cli.Tests;

/// <summary>Tests that redirect the process's console run in this collection, one at a time and never beside
/// each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
