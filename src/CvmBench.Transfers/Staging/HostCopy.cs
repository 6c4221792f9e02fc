using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CvmBench.Transfers.Staging;

/// <summary>The host side of staging: one thread's copy of one slice, with regular or non-temporal stores.</summary>
/// <remarks>Non-temporal stores write whole lines to memory without reading them first (no read-for-ownership) and
/// without filling the cache, so a copy into a destination larger than the last-level cache moves a third less
/// memory traffic. That helps where the destination is the caller's large buffer (device to host), and where a chunk
/// is read by the copy engine at once (host to device, transfers within the pool: <see cref="StagingPipeline"/> says
/// when).
/// The widest stores the compiled code may use are taken: under Native AOT's default x86-64-v2 target that is
/// SSE2 (16 bytes), which every x86-64 CPU has; AVX and AVX-512 need a raised instruction-set baseline or the JIT.</remarks>
public static unsafe class HostCopy
{
    // Below this the aligned head and the tail are most of the copy; regular stores are as good.
    private const long NonTemporalMinimum = 4096;
    private const int Line = 64;

    /// <summary>Whether non-temporal stores are available to this code at all.</summary>
    public static bool NonTemporalSupported => Sse2.IsSupported;

    /// <summary>The widest non-temporal store this code uses, in bytes (0 when there is none).</summary>
    public static int NonTemporalWidth => Avx512F.IsSupported ? 64 : Avx.IsSupported ? 32 : Sse2.IsSupported ? 16 : 0;

    /// <summary>Names the non-temporal stores in use, for reports.</summary>
    public static string NonTemporalName(int width) => width switch
    {
        64 => "AVX-512 non-temporal stores (64 bytes)",
        32 => "AVX non-temporal stores (32 bytes)",
        16 => "SSE2 non-temporal stores (16 bytes)",
        _ => "no non-temporal stores",
    };

    public static void Copy(nint destination, nint source, long bytes, bool nonTemporal)
    {
        if (nonTemporal)
        {
            CopyNonTemporal(destination, source, bytes, NonTemporalWidth);
        }
        else
        {
            Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
        }
    }

    /// <summary>Copies with non-temporal stores of the given width (16, 32 or 64 bytes, no wider than
    /// <see cref="NonTemporalWidth"/>), then fences, so the bytes are visible to whoever is told next.</summary>
    public static void CopyNonTemporal(nint destination, nint source, long bytes, int width)
    {
        if (bytes < NonTemporalMinimum || width == 0 || width > NonTemporalWidth)
        {
            Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
            return;
        }
        byte* to = (byte*)destination;
        byte* from = (byte*)source;
        // Aligned stores need a line-aligned destination; the source is read unaligned.
        long head = -(long)to & (Line - 1);
        Buffer.MemoryCopy(from, to, head, head);
        to += head;
        from += head;
        bytes -= head;
        long body = bytes & ~(4L * Line - 1);
        switch (width)
        {
            case 64:
                Stream512(to, from, body);
                break;
            case 32:
                Stream256(to, from, body);
                break;
            default:
                Stream128(to, from, body);
                break;
        }
        // Non-temporal stores are weakly ordered: fence before another thread or the copy engine is told they are done.
        Sse.StoreFence();
        Buffer.MemoryCopy(from + body, to + body, bytes - body, bytes - body);
    }

    private static void Stream512(byte* to, byte* from, long bytes)
    {
        for (long i = 0; i < bytes; i += 4 * Line)
        {
            var a = Vector512.Load(from + i);
            var b = Vector512.Load(from + i + Line);
            var c = Vector512.Load(from + i + 2 * Line);
            var d = Vector512.Load(from + i + 3 * Line);
            Avx512F.StoreAlignedNonTemporal(to + i, a);
            Avx512F.StoreAlignedNonTemporal(to + i + Line, b);
            Avx512F.StoreAlignedNonTemporal(to + i + 2 * Line, c);
            Avx512F.StoreAlignedNonTemporal(to + i + 3 * Line, d);
        }
    }

    private static void Stream256(byte* to, byte* from, long bytes)
    {
        for (long i = 0; i < bytes; i += 2 * Line)
        {
            var a = Vector256.Load(from + i);
            var b = Vector256.Load(from + i + 32);
            var c = Vector256.Load(from + i + 64);
            var d = Vector256.Load(from + i + 96);
            Avx.StoreAlignedNonTemporal(to + i, a);
            Avx.StoreAlignedNonTemporal(to + i + 32, b);
            Avx.StoreAlignedNonTemporal(to + i + 64, c);
            Avx.StoreAlignedNonTemporal(to + i + 96, d);
        }
    }

    private static void Stream128(byte* to, byte* from, long bytes)
    {
        for (long i = 0; i < bytes; i += Line)
        {
            var a = Vector128.Load(from + i);
            var b = Vector128.Load(from + i + 16);
            var c = Vector128.Load(from + i + 32);
            var d = Vector128.Load(from + i + 48);
            Sse2.StoreAlignedNonTemporal(to + i, a);
            Sse2.StoreAlignedNonTemporal(to + i + 16, b);
            Sse2.StoreAlignedNonTemporal(to + i + 32, c);
            Sse2.StoreAlignedNonTemporal(to + i + 48, d);
        }
    }
}
