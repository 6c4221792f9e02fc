using System.Runtime.InteropServices;

namespace CvmBench.Cuda.Interop;

/// <summary>The libc calls the native layer needs: pinning a host thread to the CPUs near its GPU, and mapping
/// anonymous memory with a chosen page size (4 KiB, hugetlb 2 MiB, or transparent huge pages).</summary>
internal static unsafe partial class LibcApi
{
    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapPrivate = 0x02;
    public const int MapAnonymous = 0x20;
    public const int MapNoReserve = 0x4000;
    public const int MapHugeTlb = 0x40000;
    /// <summary>MAP_HUGE_2MB: log2(2 MiB) = 21 in the MAP_HUGE_SHIFT (26) bits.</summary>
    public const int MapHuge2Mb = 21 << 26;
    public const int MadviseHugePage = 14;
    public static readonly nint MapFailed = -1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sched_setaffinity(int pid, nuint cpuSetSize, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sched_getaffinity(int pid, nuint cpuSetSize, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(nint address, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int madvise(nint address, nuint length, int advice);
}
