using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Tests.Measurement;

public class TransferRulesTests
{
    [Theory]
    [InlineData(HostPath.Mapped, Direction.HostToDevice, CopyMethod.CopyEngine, false, "mapped memory")]
    [InlineData(HostPath.Pageable, Direction.DeviceToHost, CopyMethod.Sm, false, "cannot reach pageable")]
    [InlineData(HostPath.Pageable, Direction.HostToDevice, CopyMethod.CopyEngine, true, "page-locked")]
    [InlineData(HostPath.Pinned, Direction.DeviceToDevice, CopyMethod.CopyEngine, true, "no opposite direction")]
    public void Combinations_that_cannot_run_say_why(HostPath kind, Direction direction, CopyMethod method, bool bidirectional, string reason) =>
        Assert.Contains(reason, TransferRules.Problem(new TransferTest(kind, direction, method, 4096, 0, bidirectional)), StringComparison.Ordinal);

    [Theory]
    [InlineData(HostPath.Pageable, CopyMethod.CopyEngine)]
    [InlineData(HostPath.Pinned, CopyMethod.Sm)]
    [InlineData(HostPath.Registered, CopyMethod.Sm)]
    [InlineData(HostPath.WriteCombined, CopyMethod.CopyEngine)]
    [InlineData(HostPath.Mapped, CopyMethod.Sm)]
    public void Sensible_combinations_run(HostPath kind, CopyMethod method) =>
        Assert.Null(TransferRules.Problem(new TransferTest(kind, Direction.HostToDevice, method, 4096, 0)));

    [Fact]
    public void Only_pageable_copies_are_timed_without_holding_the_stream()
    {
        Assert.False(TransferRules.IsHoldable(new TransferTest(HostPath.Pageable, Direction.HostToDevice, CopyMethod.CopyEngine, 1, 0)));
        Assert.True(TransferRules.IsHoldable(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1, 0)));
        Assert.True(TransferRules.IsHoldable(new TransferTest(HostPath.Pageable, Direction.DeviceToDevice, CopyMethod.CopyEngine, 1, 0)));
    }
}
