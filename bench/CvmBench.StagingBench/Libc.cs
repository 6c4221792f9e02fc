using System.Runtime.InteropServices;

namespace CvmBench.StagingBench;

/// <summary>The few libc calls the benchmarks need to control how host memory is paged.</summary>
internal static partial class Libc
{
    public const int ProtReadWrite = 0x1 | 0x2;
    public const int MapPrivateAnonymous = 0x02 | 0x20;
    public const int AdviseHugePage = 14;
    public const int AdviseNoHugePage = 15;

    private const string Library = "libc.so.6";

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Map(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Unmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "madvise", SetLastError = true)]
    public static partial int Advise(nint address, nuint length, int advice);
}
