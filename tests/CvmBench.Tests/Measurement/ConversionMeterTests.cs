using CvmBench.Cuda;
using CvmBench.Measurement;
using CvmBench.Tests.Emulation;
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
        Assert.Equal((OperationKind.Register, OperationKind.Unregister), (register.Test.Operation, unregister.Test.Operation));
        Assert.Equal(register.Test.Variant, unregister.Test.Variant);
        Assert.EndsWith(touched ? " touched" : " untouched", register.Test.Variant, StringComparison.Ordinal);
        Assert.StartsWith(hugePages ? "2MiB-" : "4KiB", register.Test.Variant, StringComparison.Ordinal);
        Assert.Equal(3, register.Samples.Count);
        Assert.All(register.Samples, s => Assert.True(s.Nanoseconds > 0));
    }

    [Fact]
    public void A_burst_registers_and_unregisters_back_to_back_rotating_over_its_ranges()
    {
        using var device = new ObservedDevice(new HostMemoryDevice());
        long bytes = 3 * 4096;
        var (register, unregister) = new ConversionMeter(device, samples: 2).MeasureRegistrationBurst(bytes, calls: 5, ranges: 3);

        // One untimed burst, then two timed: 15 register-unregister pairs, each undone before the next begins, on
        // ranges 0, 1, 2, 0, 1 of one mapping in every burst.
        var calls = device.Registrations;
        Assert.Equal(30, calls.Count);
        Assert.All(calls.Chunk(2), pair => Assert.Equal(("register", "unregister", pair[0].Pointer), (pair[0].Call, pair[1].Call, pair[1].Pointer)));
        nint start = calls[0].Pointer;
        Assert.Equal([.. Enumerable.Range(0, 15).Select(c => start + (nint)(c % 5 % 3 * bytes))], calls.Where(c => c.Call == "register").Select(c => c.Pointer));

        Assert.Equal((ConversionVariant.BaseTouchedBurst, ConversionVariant.BaseTouchedBurst), (register.Test.Variant, unregister.Test.Variant));
        Assert.Equal(bytes, register.Test.Bytes);
        // A sample is the burst's calls of one kind together, so its median is per call.
        Assert.All(register.Samples, s => Assert.Equal(5 * bytes, s.Bytes));
        Assert.Equal(2, unregister.Samples.Count);
        Assert.Contains("5 register-unregister pairs back to back per sample", register.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_allocation_and_freeing_are_timed_per_call()
    {
        using var device = new HostMemoryDevice();
        var (allocate, free) = new ConversionMeter(device, samples: 2).MeasureHostAlloc(1L << 20);
        Assert.Equal((OperationKind.HostAlloc, ConversionVariant.Driver), (allocate.Test.Operation, allocate.Test.Variant));
        Assert.Equal(OperationKind.FreeHost, free.Test.Operation);
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
