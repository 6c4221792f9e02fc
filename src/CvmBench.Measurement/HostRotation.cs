namespace CvmBench.Measurement;

/// <summary>How host buffers rotate so that no transfer reads what an earlier one left in the cache: slots that each
/// start on a page of their own, together at least twice the last-level cache. Every meter, the emulation and the
/// benchmarks lay out their host memory by this one rule.</summary>
/// <param name="Stride">Bytes from one slot's start to the next: the transfer's size rounded up to whole pages.</param>
/// <param name="Slots">How many slots the transfers rotate over.</param>
public readonly record struct HostRotation(long Stride, int Slots)
{
    private const long Page = 4096;

    /// <summary>The rotation for transfers of <paramref name="transferBytes"/>, capped at <paramref name="maxSlots"/>
    /// (where fewer transfers than that are made, more slots would never be read).</summary>
    public static HostRotation For(long transferBytes, long lastLevelCacheBytes, int maxSlots = int.MaxValue)
    {
        long stride = PageRound(Math.Max(1, transferBytes));
        long slots = (2 * Math.Max(0, lastLevelCacheBytes) + stride - 1) / stride;
        return new HostRotation(stride, (int)Math.Clamp(slots, 1, Math.Max(1, maxSlots)));
    }

    /// <summary>Bytes rounded up to whole 4 KiB pages.</summary>
    public static long PageRound(long bytes) => (bytes + Page - 1) / Page * Page;

    /// <summary>The host memory the slots span for transfers of <paramref name="transferBytes"/>.</summary>
    public long ArenaBytes(long transferBytes) => Stride * (Slots - 1) + transferBytes;

    /// <summary>Where slot <paramref name="slot"/> (taken modulo the slot count) starts.</summary>
    public long Offset(long slot) => slot % Slots * Stride;

    /// <summary>Whether the slots span at least twice the cache, so even the smallest transfers come from memory.</summary>
    public bool CoversCache(long transferBytes, long lastLevelCacheBytes) => Slots * Math.Max(1, transferBytes) >= 2 * lastLevelCacheBytes;
}
