namespace CvmBench.Tests.Emulation;

/// <summary>Tests whose assertions rest on how long things take run in this collection, alone: on a machine with few
/// cores, other tests spinning beside them would stretch their samples by more than what they check.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
