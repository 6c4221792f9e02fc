using CvmBench.Measurement;

namespace CvmBench.Tests.Measurement;

public class TransferRulesTests
{
    [Theory]
    [InlineData(MemoryKind.Mapped, Direction.HostToDevice, CopyMethod.CopyEngine, false, "mapped memory")]
    [InlineData(MemoryKind.Pageable, Direction.DeviceToHost, CopyMethod.Sm, false, "cannot reach pageable")]
    [InlineData(MemoryKind.Pageable, Direction.HostToDevice, CopyMethod.CopyEngine, true, "page-locked")]
    [InlineData(MemoryKind.Pinned, Direction.DeviceToDevice, CopyMethod.CopyEngine, true, "no opposite direction")]
    public void Combinations_that_cannot_run_say_why(MemoryKind kind, Direction direction, CopyMethod method, bool bidirectional, string reason) =>
        Assert.Contains(reason, TransferRules.Problem(new TransferTest(kind, direction, method, 4096, 0, bidirectional)), StringComparison.Ordinal);

    [Theory]
    [InlineData(MemoryKind.Pageable, CopyMethod.CopyEngine)]
    [InlineData(MemoryKind.Pinned, CopyMethod.Sm)]
    [InlineData(MemoryKind.Registered, CopyMethod.Sm)]
    [InlineData(MemoryKind.WriteCombined, CopyMethod.CopyEngine)]
    [InlineData(MemoryKind.Mapped, CopyMethod.Sm)]
    public void Sensible_combinations_run(MemoryKind kind, CopyMethod method) =>
        Assert.Null(TransferRules.Problem(new TransferTest(kind, Direction.HostToDevice, method, 4096, 0)));

    [Fact]
    public void Only_pageable_copies_are_timed_without_holding_the_stream()
    {
        Assert.False(TransferRules.IsHoldable(new TransferTest(MemoryKind.Pageable, Direction.HostToDevice, CopyMethod.CopyEngine, 1, 0)));
        Assert.True(TransferRules.IsHoldable(new TransferTest(MemoryKind.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1, 0)));
        Assert.True(TransferRules.IsHoldable(new TransferTest(MemoryKind.Pageable, Direction.DeviceToDevice, CopyMethod.CopyEngine, 1, 0)));
    }
}
