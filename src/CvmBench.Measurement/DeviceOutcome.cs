using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>What one device measured in a suite, and the CPUs its host thread ran on.</summary>
public sealed record DeviceOutcome(DeviceDescription Device, string ThreadAffinity, IReadOnlyList<TestResult> Results);
