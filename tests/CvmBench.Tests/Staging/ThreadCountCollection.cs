namespace CvmBench.Tests.Staging;

/// <summary>Tests that count the process's staging threads run alone, so no other test's pipeline is counted.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    public const string Name = "staging thread count";
}
