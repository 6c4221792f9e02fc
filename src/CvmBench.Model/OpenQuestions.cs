using CvmBench.Transfers;

namespace CvmBench.Model;

/// <summary>The seed paper's three open questions (section III), answered from the model's parameters. Each answer
/// is only as good as the parameters it lists; TDX's exit and ACCEPT latencies are not published and are assumed.</summary>
public static class OpenQuestions
{
    private const double Page = PageConversionModel.PageBytes;
    private const double TwoMiB = 2 << 20;
    private const Direction H2D = Direction.HostToDevice;

    /// <summary>Answers for the parameters in <paramref name="set"/>; streaming figures are for transfers of
    /// <paramref name="streamingBytes"/> converted in batches of <paramref name="batchPages"/>.</summary>
    public static IReadOnlyList<QuestionAnswer> Answer(ParameterSet set, double streamingBytes, double batchPages)
    {
        ArgumentNullException.ThrowIfNull(set);
        var p = ModelParameters.From(set);
        return [MapGpaVersusPvalidate(set, p), AcceptOnStreaming(set, p, streamingBytes, batchPages), BatchingAmortizesExits(set, p)];
    }

    private static QuestionAnswer MapGpaVersusPvalidate(ParameterSet set, ModelParameters p)
    {
        double tdxPage = PageConversionModel.ToShared(PlatformProfile.Tdx, Page, p).Total;
        double mapGpaExit = p.Tdx.MapGpaExit * p.Tdx.MapGpaAttemptsPerChunk;
        double snpPage = PageConversionModel.ToShared(PlatformProfile.SevSnp, Page, p).Total;
        double flipPage = PageConversionModel.ToShared(PlatformProfile.SnpPageFlip, Page, p).Total;
        var tdx2M = PageConversionModel.RoundTrip(PlatformProfile.Tdx, TwoMiB, p);
        double snp2M = PageConversionModel.RoundTrip(PlatformProfile.SevSnp, TwoMiB, p).Total;
        double flip2M = PageConversionModel.RoundTrip(PlatformProfile.SnpPageFlip, TwoMiB, p).Total;
        string answer =
            $"Making one 4 KiB page shared takes {D(tdxPage)} on TDX, {D(mapGpaExit)} of it the MapGPA exit to the VMM, " +
            $"against {D(snpPage)} on SEV-SNP as Linux does it (PVALIDATE {D(p.Snp.PvalidatePerPage)} and one Page State Change " +
            $"VMGEXIT {D(p.Snp.PscExit)}) and {D(flipPage)} with the seed's page flip. For 2 MiB, shared and back, TDX takes " +
            $"{D(tdx2M.Total)}, SEV-SNP {D(snp2M)} and the page flip {D(flip2M)}: TDX is {Times(tdx2M.Total, snp2M)} SEV-SNP and " +
            $"{Times(tdx2M.Total, flip2M)} the flip. MapGPA's exits are only {Share(tdx2M.Exits, tdx2M.Total)} of TDX's time there; " +
            $"per-page work and ACCEPT ({Share(tdx2M.Accept, tdx2M.Total)}) are the rest.";
        return new QuestionAnswer(1, "MapGPA latency compared to SEV's PVALIDATE", answer,
            [
                new("tdx.toShared.4KiB", tdxPage * 1e6, "us"),
                new("tdx.mapGpaExitPerChunk", mapGpaExit * 1e6, "us"),
                new("snp.toShared.4KiB", snpPage * 1e6, "us"),
                new("snpFlip.toShared.4KiB", flipPage * 1e6, "us"),
                new("tdx.roundTrip.2MiB", tdx2M.Total * 1e6, "us"),
                new("snp.roundTrip.2MiB", snp2M * 1e6, "us"),
                new("snpFlip.roundTrip.2MiB", flip2M * 1e6, "us"),
            ],
            Assumptions(set, "tdx.mapGpaExit", "tdx.mapGpaChunk", "tdx.mapGpaRetryProbability", "tdx.sEptRemove", "tdx.acceptPiece",
                "tdx.cacheFlushRate", "tdx.tlbShootdown", "snp.pvalidatePerPage", "snp.pscExit", "snp.pscEntriesPerRequest",
                "snp.rmpUpdatePerPage", "snp.tlbShootdown", "convert.ptePerPage"));
    }

    private static QuestionAnswer AcceptOnStreaming(ParameterSet set, ModelParameters p, double bytes, double batchPages)
    {
        var batched = TransferStrategy.InBatches(batchPages);
        double Rate(PlatformProfile platform, TransferStrategy strategy, ModelParameters parameters) =>
            bytes / TransferModel.Seconds(platform, strategy, H2D, bytes, parameters);
        double link = p.Machine.H2DDmaRate;
        double tdx = Rate(PlatformProfile.Tdx, batched, p);
        double tdxSerial = Rate(PlatformProfile.Tdx, TransferStrategy.ConvertPerTransfer, p);
        double snp = Rate(PlatformProfile.SevSnp, batched, p);
        double flip = Rate(PlatformProfile.SnpPageFlip, batched, p);
        double bounce = Rate(PlatformProfile.Tdx, TransferStrategy.Bounce, p);
        var batchCost = PageConversionModel.RoundTrip(PlatformProfile.Tdx, Math.Min(bytes, batchPages * Page), p);
        var withoutAccept = p with { Tdx = p.Tdx with { AcceptPiece = 0, AcceptClearRate = double.PositiveInfinity } };
        var hugePages = p with { Tdx = p.Tdx with { PrivatePageBytes = TwoMiB } };
        double tdxWithoutAccept = Rate(PlatformProfile.Tdx, batched, withoutAccept);
        double tdxHugePages = Rate(PlatformProfile.Tdx, batched, hugePages);
        string verdict = bounce > tdx
            ? $"Bouncing through swiotlb moves {R(bounce)}, so on TDX the bounce buffer beats converting pages."
            : $"Bouncing through swiotlb moves {R(bounce)}, so on TDX converting pages beats the bounce buffer.";
        string answer =
            $"Streaming {QuantityText.Bytes(bytes)} host to device with conversion pipelined in batches of {QuantityText.Significant(batchPages)} " +
            $"pages, TDX moves {R(tdx)}, {Share(tdx, link)} of the {R(link)} link (SEV-SNP {R(snp)}, the page flip {R(flip)}); " +
            $"converting per transfer with no overlap, {R(tdxSerial)}. {verdict} ACCEPT is {Share(batchCost.Accept, batchCost.Total)} " +
            $"of TDX's conversion time: without it TDX would stream {R(tdxWithoutAccept)}, and with 2 MiB private pages (one ACCEPT " +
            $"and one secure-EPT removal per 2 MiB) {R(tdxHugePages)}.";
        return new QuestionAnswer(2, "Impact of TDX's accept protocol on streaming DMA", answer,
            [
                new("link", link / 1e9, "GB/s"),
                new("tdx.batched", tdx / 1e9, "GB/s"),
                new("tdx.perTransfer", tdxSerial / 1e9, "GB/s"),
                new("tdx.bounce", bounce / 1e9, "GB/s"),
                new("snp.batched", snp / 1e9, "GB/s"),
                new("snpFlip.batched", flip / 1e9, "GB/s"),
                new("tdx.acceptShare", 100 * batchCost.Accept / batchCost.Total, "%"),
                new("tdx.batched.withoutAccept", tdxWithoutAccept / 1e9, "GB/s"),
                new("tdx.batched.2MiBPrivatePages", tdxHugePages / 1e9, "GB/s"),
            ],
            Assumptions(set, "tdx.acceptPiece", "tdx.acceptClearRate", "tdx.privatePage", "tdx.sEptRemove", "tdx.mapGpaExit",
                "tdx.cacheFlushRate", "tdx.tlbShootdown", "dma.h2dRate", "host.copyRatePerThread", "swiotlb.mappingCost"));
    }

    private static QuestionAnswer BatchingAmortizesExits(ParameterSet set, ModelParameters p)
    {
        const double Chunk = 512; // pages in one 2 MiB MapGPA chunk
        var single = PageConversionModel.RoundTrip(PlatformProfile.Tdx, Page, p);
        var chunk = PageConversionModel.RoundTrip(PlatformProfile.Tdx, Chunk * Page, p);
        double rate1 = BreakEven.StreamingRate(PlatformProfile.Tdx, H2D, 1, p);
        double rate512 = BreakEven.StreamingRate(PlatformProfile.Tdx, H2D, Chunk, p);
        double asymptote = BreakEven.StreamingAsymptote(PlatformProfile.Tdx, H2D, p);
        long k90 = BreakEven.BatchPagesToReach(PlatformProfile.Tdx, H2D, 0.9, p);
        double floor = Page / asymptote;
        double snpAsymptote = BreakEven.StreamingAsymptote(PlatformProfile.SevSnp, H2D, p);
        long snpK90 = BreakEven.BatchPagesToReach(PlatformProfile.SevSnp, H2D, 0.9, p);
        string answer =
            $"Batching amortizes the exits, not the work after them. Converting one 4 KiB page per call, TDX spends {D(single.Exits)} " +
            $"per page in exits and {D(single.Total)} in all, and streams {R(rate1)}; in batches of 512 pages (one MapGPA chunk) the exits " +
            $"fall to {D(chunk.Exits / Chunk)} per page and streaming rises to {R(rate512)}. It reaches 90% of its {R(asymptote)} ceiling " +
            $"at k = {k90} pages ({QuantityText.Bytes(k90 * Page)}). The ceiling is the {D(floor)} per page that no batch shares: " +
            $"secure-EPT removal, ACCEPT, cache flushing (or the link, if slower). SEV-SNP reaches 90% of its {R(snpAsymptote)} at " +
            $"k = {snpK90} pages: one VMGEXIT already carries {p.Snp.PscEntriesPerRequest} entries.";
        return new QuestionAnswer(3, "Whether batching page conversions can amortize the VMEXIT costs", answer,
            [
                new("tdx.exitsPerPage.k1", single.Exits * 1e6, "us"),
                new("tdx.exitsPerPage.k512", chunk.Exits / Chunk * 1e6, "us"),
                new("tdx.conversionPerPage.k1", single.Total * 1e6, "us"),
                new("tdx.conversionPerPage.asymptote", floor * 1e6, "us"),
                new("tdx.streaming.k1", rate1 / 1e9, "GB/s"),
                new("tdx.streaming.k512", rate512 / 1e9, "GB/s"),
                new("tdx.streaming.asymptote", asymptote / 1e9, "GB/s"),
                new("tdx.batchPagesFor90Percent", k90, "pages"),
                new("snp.streaming.asymptote", snpAsymptote / 1e9, "GB/s"),
                new("snp.batchPagesFor90Percent", snpK90, "pages"),
            ],
            Assumptions(set, "tdx.mapGpaExit", "tdx.mapGpaChunk", "tdx.tlbShootdown", "tdx.sEptRemove", "tdx.acceptPiece",
                "tdx.acceptClearRate", "tdx.cacheFlushRate", "snp.pscExit", "snp.pscEntriesPerRequest", "snp.tlbShootdown", "dma.h2dRate"));
    }

    private static IReadOnlyList<ModelParameter> Assumptions(ParameterSet set, params string[] names) => [.. names.Select(n => set[n])];

    private static string D(double seconds) => QuantityText.Duration(seconds);

    private static string R(double bytesPerSecond) => QuantityText.Rate(bytesPerSecond);

    private static string Share(double part, double whole) => $"{QuantityText.Significant(100 * part / whole)}%";

    private static string Times(double a, double b) => $"{QuantityText.Significant(a / b)}x";
}
