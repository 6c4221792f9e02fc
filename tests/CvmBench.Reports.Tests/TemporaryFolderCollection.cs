namespace CvmBench.Reports.Tests;

/// <summary>Tests that change the process's TMPDIR run in this collection, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TemporaryFolderCollection
{
    public const string Name = "temporary folder";
}
