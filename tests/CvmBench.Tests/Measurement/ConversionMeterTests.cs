using CvmBench.Cuda;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Tests.Measurement;

public class ConversionMeterTests
{
    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void Registration_is_timed_per_call_and_says_which_pages_backed_it(bool hugePages, bool touched)
    {
        using var device = new HostMemoryDevice();
        var measured = new ConversionMeter(device, samples: 3).MeasureRegistration((2L << 20) + 4096, hugePages, touched);
        Assert.SkipWhen(measured is null, "this machine has neither a hugetlb pool with room nor transparent huge pages");
        var (register, unregister) = measured.Value;
        Assert.Equal((OperationNames.Register, OperationNames.Unregister), (register.Test.Operation, unregister.Test.Operation));
        Assert.Equal(register.Test.Variant, unregister.Test.Variant);
        Assert.EndsWith(touched ? " touched" : " untouched", register.Test.Variant, StringComparison.Ordinal);
        Assert.StartsWith(hugePages ? "2MiB-" : "4KiB", register.Test.Variant, StringComparison.Ordinal);
        Assert.Equal(3, register.Samples.Count);
        Assert.All(register.Samples, s => Assert.True(s.Nanoseconds > 0));
    }

    [Fact]
    public void Host_allocation_and_freeing_are_timed_per_call()
    {
        using var device = new HostMemoryDevice();
        var (allocate, free) = new ConversionMeter(device, samples: 2).MeasureHostAlloc(1L << 20);
        Assert.Equal((OperationNames.HostAlloc, ConversionVariant.Driver), (allocate.Test.Operation, allocate.Test.Variant));
        Assert.Equal(OperationNames.FreeHost, free.Test.Operation);
    }

    [Fact]
    public void Huge_page_mappings_are_2_MiB_aligned_and_can_be_touched()
    {
        using var mapping = HostMapping.MapHugePages(3L << 20);
        Assert.SkipWhen(mapping is null, "this machine has neither a hugetlb pool with room nor transparent huge pages");
        Assert.Equal(0, mapping.Pointer % (2L << 20));
        Assert.NotEqual(HostPageSize.Base4KiB, mapping.Pages);
        mapping.Touch();
    }
}
