using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>Anonymous private memory from mmap, backed by 4 KiB or 2 MiB pages, never touched until the caller
/// touches it: what an application's own buffer is before and after first use. Disposing unmaps it.</summary>
public sealed unsafe class HostMapping : SafeHandle
{
    private const long TwoMiB = 2L << 20;
    private readonly long _mappedBytes;

    private HostMapping(nint mapped, long mappedBytes, nint pointer, long bytes, HostPageSize pages) : base(0, ownsHandle: true)
    {
        SetHandle(mapped);
        _mappedBytes = mappedBytes;
        Pointer = pointer;
        Length = bytes;
        Pages = pages;
    }

    /// <summary>The start of the usable range (2 MiB-aligned for huge pages).</summary>
    public nint Pointer { get; }

    public long Length { get; }

    /// <summary>The pages actually asked of the kernel.</summary>
    public HostPageSize Pages { get; }

    /// <summary>Where the whole mapping starts (the address /proc/self/smaps lists it under).</summary>
    public nint MappingStart => handle;

    public override bool IsInvalid => handle == 0;

    /// <summary>Maps <paramref name="bytes"/> of untouched memory with 4 KiB pages.</summary>
    public static HostMapping MapBasePages(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        long length = RoundUp(bytes, 4096);
        nint mapped = LibcApi.mmap(0, (nuint)length, LibcApi.ProtRead | LibcApi.ProtWrite, LibcApi.MapPrivate | LibcApi.MapAnonymous, -1, 0);
        return mapped == LibcApi.MapFailed
            ? throw new InvalidOperationException($"mmap of {bytes} bytes failed: {LastError()}")
            : new HostMapping(mapped, length, mapped, bytes, HostPageSize.Base4KiB);
    }

    /// <summary>Maps <paramref name="bytes"/> of untouched memory on 2 MiB pages: from the hugetlb pool when it has
    /// enough free pages, else transparent huge pages (2 MiB-aligned, advised with MADV_HUGEPAGE). Null when neither
    /// is possible (THP disabled and no pool). <see cref="Pages"/> says which one was used.</summary>
    public static HostMapping? MapHugePages(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        long length = RoundUp(bytes, TwoMiB);
        nint mapped = LibcApi.mmap(0, (nuint)length, LibcApi.ProtRead | LibcApi.ProtWrite,
            LibcApi.MapPrivate | LibcApi.MapAnonymous | LibcApi.MapHugeTlb | LibcApi.MapHuge2Mb, -1, 0);
        if (mapped != LibcApi.MapFailed)
        {
            return new HostMapping(mapped, length, mapped, bytes, HostPageSize.HugeTlb2MiB);
        }
        var transparent = MapTransparent(bytes, hugePages: true);
        if (transparent.Pages != HostPageSize.Transparent2MiB)
        {
            transparent.Dispose();
            return null;
        }
        return transparent;
    }

    /// <summary>Maps <paramref name="bytes"/> of untouched memory from a 2 MiB boundary, advised to be backed by
    /// transparent huge pages (MADV_HUGEPAGE) or never by them (MADV_NOHUGEPAGE), whatever the system's default, so
    /// both can be compared on one machine. <see cref="Pages"/> is 4 KiB where the kernel refused huge pages
    /// (transparent huge pages disabled or not built in).</summary>
    public static HostMapping MapTransparent(long bytes, bool hugePages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        long length = RoundUp(bytes, TwoMiB);
        // One extra huge page of address space, so a 2 MiB-aligned range fits inside; it is never touched.
        long padded = length + TwoMiB;
        nint mapped = LibcApi.mmap(0, (nuint)padded, LibcApi.ProtRead | LibcApi.ProtWrite, LibcApi.MapPrivate | LibcApi.MapAnonymous | LibcApi.MapNoReserve, -1, 0);
        if (mapped == LibcApi.MapFailed)
        {
            throw new InvalidOperationException($"mmap of {padded} bytes failed: {LastError()}");
        }
        nint aligned = (nint)RoundUp(mapped, TwoMiB);
        // Advice before the first touch decides the page size. EINVAL: transparent huge pages are disabled ("never")
        // or not built in, and the pages are 4 KiB either way.
        bool advised = LibcApi.madvise(aligned, (nuint)length, hugePages ? LibcApi.MadviseHugePage : LibcApi.MadviseNoHugePage) == 0;
        return new HostMapping(mapped, padded, aligned, bytes, hugePages && advised ? HostPageSize.Transparent2MiB : HostPageSize.Base4KiB);
    }

    /// <summary>Writes one byte per 4 KiB page, so every page is faulted in (first touch), as an application's
    /// buffer is once it has been filled.</summary>
    public void Touch()
    {
        byte* p = (byte*)Pointer;
        for (long offset = 0; offset < Length; offset += 4096)
        {
            p[offset] = 1;
        }
    }

    protected override bool ReleaseHandle() => LibcApi.munmap(handle, (nuint)_mappedBytes) == 0;

    private static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;

    private static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
