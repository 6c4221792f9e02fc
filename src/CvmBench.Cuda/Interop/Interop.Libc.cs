using System.Runtime.InteropServices;

namespace CvmBench.Cuda.Interop;

/// <summary>Every libc call CvmBench makes: pinning a host thread to the CPUs near its GPU, mapping anonymous memory
/// with a chosen page size (4 KiB, hugetlb 2 MiB, or transparent huge pages), placing the cache-line demotion loop in
/// an executable page, reading the kernel log without blocking, and asking what kind of file a path is without opening
/// it.</summary>
internal static unsafe partial class LibcApi
{
    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int ProtExec = 0x4;
    public const int MapPrivate = 0x02;
    public const int MapAnonymous = 0x20;
    public const int MapNoReserve = 0x4000;
    public const int MapHugeTlb = 0x40000;
    /// <summary>MAP_HUGE_2MB: log2(2 MiB) = 21 in the MAP_HUGE_SHIFT (26) bits.</summary>
    public const int MapHuge2Mb = 21 << 26;
    public const int MadviseHugePage = 14;
    public const int MadviseNoHugePage = 15;
    public static readonly nint MapFailed = -1;

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    public static partial int sched_setaffinity(int pid, nuint cpuSetSize, ulong* mask);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    public static partial int sched_getaffinity(int pid, nuint cpuSetSize, ulong* mask);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    public static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    public static partial int munmap(nint address, nuint length);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    public static partial int madvise(nint address, nuint length, int advice);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    public static partial int mprotect(nint address, nuint length, int protection);

    [LibraryImport(Libraries.Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int open(string path, int flags);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Libraries.Libc)]
    public static partial int close(int fd);

    public const int AtCurrentDirectory = -100;
    public const uint StatxType = 0x1;

    [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>struct statx up to stx_mode (the kernel writes 256 bytes); the same layout on every Linux architecture,
    /// unlike struct stat.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    public struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
    }
}
