namespace CvmBench.Model;

/// <summary>The cost of making a range of private memory shared, and private again, on each platform: one
/// conversion call per direction, serialized under the kernel's conversion lock (so it never runs on several CPUs
/// at once). The model is a fluid one: counts of pages, chunks and requests are bytes over their size, with at least
/// one request per call, so costs grow smoothly and a batch of k pages pays exactly 1/k of its fixed costs per page.</summary>
public static class PageConversionModel
{
    /// <summary>The base page: 4 KiB.</summary>
    public const double PageBytes = 4096;

    private const double TwoMiB = 2 << 20;
    private const double OneGiB = 1 << 30;

    /// <summary>Private to shared (set_memory_decrypted): the way out to the device.</summary>
    public static ConversionCost ToShared(PlatformProfile platform, double bytes, ModelParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return platform switch
        {
            PlatformProfile.Tdx => TdxToShared(bytes, p),
            PlatformProfile.SevSnp => SnpPageStateChange(bytes, p),
            PlatformProfile.SnpPageFlip => PageFlip(bytes, p),
            // No page states on bare metal or in a plain VM; in CC mode only the staging buffers are shared, once.
            _ => ConversionCost.None,
        };
    }

    /// <summary>Shared back to private (set_memory_encrypted): the way back.</summary>
    public static ConversionCost ToPrivate(PlatformProfile platform, double bytes, ModelParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return platform switch
        {
            PlatformProfile.Tdx => TdxToPrivate(bytes, p),
            PlatformProfile.SevSnp => SnpPageStateChange(bytes, p),
            PlatformProfile.SnpPageFlip => PageFlip(bytes, p),
            _ => ConversionCost.None,
        };
    }

    /// <summary>Both directions: what one transfer through converted pages pays.</summary>
    public static ConversionCost RoundTrip(PlatformProfile platform, double bytes, ModelParameters p) =>
        ToShared(platform, bytes, p).Add(ToPrivate(platform, bytes, p));

    /// <summary>Pinning and DMA-mapping <paramref name="bytes"/> and undoing it, in one call each way: paid by every
    /// transfer that converts per transfer, once by convert-once.</summary>
    public static double Registration(double bytes, ModelParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Conversion.RegistrationPerCall + bytes / PageBytes * p.Conversion.RegistrationPerPage;
    }

    /// <summary>The piece TDX ACCEPT uses for a range: Linux tries 1 GiB, then 2 MiB, then 4 KiB, and a piece can be no
    /// larger than the host's private mapping or the range.</summary>
    public static double AcceptPieceBytes(double bytes, double privatePageBytes)
    {
        double limit = Math.Min(bytes, privatePageBytes);
        return limit >= OneGiB ? OneGiB : limit >= TwoMiB ? TwoMiB : PageBytes;
    }

    /// <summary>Requests needed for <paramref name="units"/> at <paramref name="perRequest"/> each, at least one.</summary>
    private static double Requests(double units, double perRequest) => Math.Max(1, units / perRequest);

    private static double MapGpaExits(double bytes, TdxParameters tdx) =>
        Requests(bytes, tdx.MapGpaChunkBytes) * tdx.MapGpaAttemptsPerChunk * tdx.MapGpaExit;

    private static ConversionCost TdxToShared(double bytes, ModelParameters p)
    {
        var tdx = p.Tdx;
        double privateMappings = bytes / AcceptPieceBytes(bytes, tdx.PrivatePageBytes);
        return new ConversionCost(
            Exits: MapGpaExits(bytes, tdx),
            Accept: 0,
            PageWork: privateMappings * tdx.SeptRemove + bytes / PageBytes * p.Conversion.PteUpdatePerPage,
            Flushes: bytes / tdx.CacheFlushRate + tdx.TlbShootdown);
    }

    private static ConversionCost TdxToPrivate(double bytes, ModelParameters p)
    {
        var tdx = p.Tdx;
        double pieces = bytes / AcceptPieceBytes(bytes, tdx.PrivatePageBytes);
        return new ConversionCost(
            Exits: MapGpaExits(bytes, tdx),
            Accept: pieces * tdx.AcceptPiece + bytes / tdx.AcceptClearRate,
            PageWork: bytes / PageBytes * p.Conversion.PteUpdatePerPage,
            Flushes: bytes / tdx.CacheFlushRate + tdx.TlbShootdown);
    }

    /// <summary>Either direction on SEV-SNP: PVALIDATE and a page-table update per page in the guest, one VMGEXIT per
    /// request of up to 64 entries, RMPUPDATE per entry on the host, a TLB flush. SNP hosts are cache-coherent for
    /// encryption (SME_COHERENT), so no cache flush.</summary>
    private static ConversionCost SnpPageStateChange(double bytes, ModelParameters p)
    {
        var snp = p.Snp;
        double pages = bytes / PageBytes;
        return new ConversionCost(
            Exits: Requests(pages, snp.PscEntriesPerRequest) * snp.PscExit,
            Accept: 0,
            PageWork: pages * (snp.PvalidatePerPage + p.Conversion.PteUpdatePerPage + snp.RmpUpdatePerPage),
            Flushes: snp.TlbShootdown);
    }

    /// <summary>Either direction of the seed's page flip: C-bit and PVALIDATE per page, a TLB flush, nothing else.</summary>
    private static ConversionCost PageFlip(double bytes, ModelParameters p)
    {
        double pages = bytes / PageBytes;
        return new ConversionCost(
            Exits: 0,
            Accept: 0,
            PageWork: pages * (p.Snp.PvalidatePerPage + p.Conversion.PteUpdatePerPage),
            Flushes: p.Snp.TlbShootdown);
    }
}
