using CvmBench.Emulation;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

public class EmulationPlanTests
{
    [Fact]
    public void With_zero_and_none_each_zero_cost_case_stands_for_its_pair_and_the_plain_one_is_not_measured_alone()
    {
        var plan = Plan(InjectedCosts.Modeled, InjectedCosts.Zero, InjectedCosts.None);
        Assert.True(plan.PairsOverhead);
        Assert.Equal(plan.Cases().Where(c => c.Costs != InjectedCosts.None), plan.Measurements());

        var zeroOnly = Plan(InjectedCosts.Zero);
        Assert.False(zeroOnly.PairsOverhead);
        Assert.Equal(zeroOnly.Cases(), zeroOnly.Measurements());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(45)]
    public void The_rounds_after_the_first_are_spread_over_the_measurements_the_last_after_the_last(int count)
    {
        int[] due = [.. Enumerable.Range(0, count).Select(i => HostRateRounds.DueAfter(i, count))];
        Assert.Equal(HostRateRounds.Count - 1, due.Sum());
        Assert.True(due[^1] >= 1);
        if (count >= 2)
        {
            // One round at the middle, one at the end.
            Assert.Equal(1, due[count / 2 - 1 + count % 2]);
        }
    }

    private static EmulationPlan Plan(params InjectedCosts[] costs) =>
        new([PlatformProfile.Tdx, PlatformProfile.H100Cc], costs, [Direction.HostToDevice, Direction.DeviceToHost], [4096, 1 << 20], Reuses: 10);
}
