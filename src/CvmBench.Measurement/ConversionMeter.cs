using System.Diagnostics;
using System.Globalization;
using CvmBench.Cuda;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>Times making host memory DMA-able and undoing it, one call per sample on the host clock, after one
/// untimed warm-up: cuMemHostRegister and cuMemHostUnregister of pageable memory (on 4 KiB or 2 MiB pages, already
/// touched or never touched), and cuMemHostAlloc and cuMemFreeHost; and registration in bursts of calls back to back.</summary>
public sealed class ConversionMeter(ITransferDevice device, int samples)
{
    /// <summary>Register and unregister of <paramref name="bytes"/> of pageable memory. Touched memory is one mapping,
    /// faulted in once and registered again for every sample; untouched memory is a fresh mapping for every sample,
    /// so the registration faults its pages in. Null when 2 MiB pages were asked for and the machine has neither a
    /// hugetlb pool with room nor transparent huge pages.</summary>
    public (OperationResult Register, OperationResult Unregister)? MeasureRegistration(long bytes, bool hugePages, bool touched, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        device.BindToThread();
        var register = new List<OperationSample>();
        var unregister = new List<OperationSample>();
        HostMapping? kept = null;
        HostPageSize? pages = null;
        string hugeShare = "";
        try
        {
            for (int s = -1; s < samples; s++)
            {
                cancellation.ThrowIfCancellationRequested();
                var mapping = kept ?? Map(bytes, hugePages);
                if (mapping is null)
                {
                    return null;
                }
                try
                {
                    pages = mapping.Pages;
                    if (touched && kept is null)
                    {
                        mapping.Touch();
                        kept = mapping;
                        hugeShare = HugeShare(mapping);
                    }
                    long start = Stopwatch.GetTimestamp();
                    var registration = device.Register(mapping.Pointer, bytes);
                    long registered = Stopwatch.GetTimestamp();
                    if (s == -1 && !touched)
                    {
                        hugeShare = HugeShare(mapping);
                    }
                    registration.Dispose();
                    long end = Stopwatch.GetTimestamp();
                    if (s >= 0)
                    {
                        register.Add(new OperationSample(bytes, Nanoseconds(start, registered)));
                        unregister.Add(new OperationSample(bytes, Nanoseconds(registered, end)));
                    }
                }
                finally
                {
                    if (mapping != kept)
                    {
                        mapping.Dispose();
                    }
                }
            }
        }
        finally
        {
            kept?.Dispose();
        }
        string variant = ConversionVariant.Text(pages!.Value, touched);
        string memory = touched
            ? "one mapping, touched once before the first call and registered again for every sample"
            : "a fresh, never-touched mapping for every sample (registering faults its pages in)";
        string note = $"{memory}; {PagesNote(pages.Value)}{hugeShare}; 1 warm-up; {samples} samples of one call each, host clock";
        return (Result(OperationKind.Register, variant, bytes, register, "cuMemHostRegister (no flags); " + note),
            Result(OperationKind.Unregister, variant, bytes, unregister, "cuMemHostUnregister; " + note));
    }

    /// <summary>Register and unregister of <paramref name="bytes"/> (whole pages) of touched pageable memory on 4 KiB
    /// pages, in bursts, as a converter that registers per transfer makes the calls: a sample is
    /// <paramref name="calls"/> register-unregister pairs back to back, each on the next of <paramref name="ranges"/>
    /// ranges of one mapping (the buffers such a converter is handed in turn), each call timed alone; a sample's time
    /// is the sum of its calls of one kind, so its median is per call. One burst first, untimed.</summary>
    public (OperationResult Register, OperationResult Unregister) MeasureRegistrationBurst(long bytes, int calls, int ranges, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(calls);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ranges);
        device.BindToThread();
        long stride = (bytes + 4095) / 4096 * 4096;
        using var mapping = HostMapping.MapBasePages(stride * ranges);
        mapping.Touch();
        var register = new List<OperationSample>();
        var unregister = new List<OperationSample>();
        for (int s = -1; s < samples; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            long registering = 0, unregistering = 0;
            for (int c = 0; c < calls; c++)
            {
                long start = Stopwatch.GetTimestamp();
                var registration = device.Register(mapping.Pointer + (nint)(c % ranges * stride), stride);
                long registered = Stopwatch.GetTimestamp();
                registration.Dispose();
                long end = Stopwatch.GetTimestamp();
                registering += registered - start;
                unregistering += end - registered;
            }
            if (s >= 0)
            {
                register.Add(new OperationSample(bytes * calls, Nanoseconds(0, registering)));
                unregister.Add(new OperationSample(bytes * calls, Nanoseconds(0, unregistering)));
            }
        }
        string note = string.Create(CultureInfo.InvariantCulture,
            $"one mapping on 4 KiB pages, touched once, {ranges} range{(ranges == 1 ? "" : "s")} of it registered in turn; {calls} register-unregister "
            + $"pair{(calls == 1 ? "" : "s")} back to back per sample, each call timed alone; 1 warm-up burst; {samples} samples, host clock");
        return (Result(OperationKind.Register, ConversionVariant.BaseTouchedBurst, bytes, register, "cuMemHostRegister (no flags); " + note),
            Result(OperationKind.Unregister, ConversionVariant.BaseTouchedBurst, bytes, unregister, "cuMemHostUnregister; " + note));
    }

    /// <summary>cuMemHostAlloc (portable, device-mapped: the tool's pinned memory) and cuMemFreeHost of
    /// <paramref name="bytes"/>; the driver chooses the pages.</summary>
    public (OperationResult Allocate, OperationResult Free) MeasureHostAlloc(long bytes, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        device.BindToThread();
        var allocate = new List<OperationSample>();
        var free = new List<OperationSample>();
        for (int s = -1; s < samples; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            var buffer = device.AllocateHost(MemoryKind.Pinned, bytes);
            long allocated = Stopwatch.GetTimestamp();
            buffer.Dispose();
            long end = Stopwatch.GetTimestamp();
            if (s >= 0)
            {
                allocate.Add(new OperationSample(bytes, Nanoseconds(start, allocated)));
                free.Add(new OperationSample(bytes, Nanoseconds(allocated, end)));
            }
        }
        string note = $"the driver's pages; 1 warm-up; {samples} samples of one call each, host clock";
        return (Result(OperationKind.HostAlloc, ConversionVariant.Driver, bytes, allocate, "cuMemHostAlloc (portable, device-mapped); " + note),
            Result(OperationKind.FreeHost, ConversionVariant.Driver, bytes, free, "cuMemFreeHost; " + note));
    }

    private static HostMapping? Map(long bytes, bool hugePages) =>
        hugePages ? HostMapping.MapHugePages(bytes) : HostMapping.MapBasePages(bytes);

    private OperationResult Result(OperationKind operation, string variant, long bytes, List<OperationSample> timed, string note) =>
        new(new OperationTest(operation, variant, bytes, Threads: 1, device.Description.Ordinal), timed, Verified: false, note);

    private static string PagesNote(HostPageSize pages) => pages switch
    {
        HostPageSize.Base4KiB => "4 KiB pages",
        HostPageSize.HugeTlb2MiB => "2 MiB pages from the hugetlb pool (MAP_HUGETLB)",
        _ => "2 MiB transparent huge pages (madvise MADV_HUGEPAGE; no hugetlb pool had room)",
    };

    /// <summary>For transparent huge pages: how much of the range the kernel really put on huge pages once it was
    /// faulted in, from /proc/self/smaps.</summary>
    private static string HugeShare(HostMapping mapping)
    {
        if (mapping.Pages != HostPageSize.Transparent2MiB)
        {
            return "";
        }
        try
        {
            long? huge = SmapsText.AnonHugeBytes(File.ReadAllText("/proc/self/smaps"), (ulong)mapping.MappingStart);
            return huge is long h
                ? string.Create(CultureInfo.InvariantCulture, $", {100.0 * h / Math.Max(mapping.Length, 2L << 20):F0}% of it on huge pages once faulted in")
                : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static long Nanoseconds(long from, long to) => Math.Max(1, (long)Math.Round((to - from) * 1e9 / Stopwatch.Frequency));
}
