using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>Moves cache lines a core has just written from its private caches to the shared last-level cache
/// (x86 CLDEMOTE), so the copy engine that reads them next finds them there rather than having to fetch each one
/// out of the writing core.</summary>
/// <remarks>.NET has no intrinsic for CLDEMOTE (dotnet/runtime#107022), so the loop is a few bytes of machine code,
/// placed once in a page of its own that is then made executable. CLDEMOTE is encoded in the x86 hint space
/// (0F 1C /0): a CPU without it executes the loop as no-ops, so calling it is safe everywhere; it only helps where the
/// CPU has it (Intel from Sapphire Rapids on).</remarks>
public static unsafe class CacheLineDemotion
{
    private const int Line = 64;
    private const int PageSize = 4096;

    // void demote(byte* start /* rdi */, byte* end /* rsi */): one CLDEMOTE per line from start, below end.
    private static ReadOnlySpan<byte> Code =>
    [
        0x48, 0x39, 0xF7,       //       cmp  rdi, rsi
        0x73, 0x0C,             //       jae  done
        0x0F, 0x1C, 0x07,       // loop: cldemote [rdi]
        0x48, 0x83, 0xC7, 0x40, //       add  rdi, 64
        0x48, 0x39, 0xF7,       //       cmp  rdi, rsi
        0x72, 0xF4,             //       jb   loop
        0xC3,                   // done: ret
    ];

    private static readonly delegate* unmanaged<nint, nint, void> Loop = Place();

    /// <summary>Whether the loop could be placed: x86-64 Linux, where executable pages may be made.</summary>
    public static bool Available => Loop != null;

    /// <summary>Demotes every line of [<paramref name="start"/>, <paramref name="start"/> + <paramref name="bytes"/>).
    /// A hint: the lines keep their contents, and nothing is ordered by it.</summary>
    public static void Demote(nint start, long bytes)
    {
        if (Loop != null && bytes > 0)
        {
            Loop(start & ~(nint)(Line - 1), start + (nint)bytes);
        }
    }

    private static delegate* unmanaged<nint, nint, void> Place()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }
        nint page = LibcApi.mmap(0, PageSize, LibcApi.ProtRead | LibcApi.ProtWrite, LibcApi.MapPrivate | LibcApi.MapAnonymous, -1, 0);
        if (page == -1)
        {
            return null;
        }
        Code.CopyTo(new Span<byte>((void*)page, PageSize));
        if (LibcApi.mprotect(page, PageSize, LibcApi.ProtRead | LibcApi.ProtExec) != 0)
        {
            LibcApi.munmap(page, PageSize);
            return null;
        }
        // The page stays mapped for the life of the process.
        return (delegate* unmanaged<nint, nint, void>)page;
    }
}
