using System.Text.Json;
using CvmBench.Transfers;

namespace CvmBench.Model;

/// <summary>Everything <c>cvmbench model</c> shows: predictions for the table sizes in both directions, curves for
/// the plots (host to device), break-even points and the answers, with the parameters they came from.</summary>
/// <param name="ParametersDescription">What the parameter set describes.</param>
/// <param name="H2DLinkGigabytesPerSecond">The host-to-device DMA rate the curves are bounded by, GB/s.</param>
/// <param name="Parameters">Every parameter with its value, unit and source.</param>
/// <param name="Query">Reference size, batch and reuse knobs.</param>
/// <param name="Predictions">Each platform and strategy at the table sizes, both directions.</param>
/// <param name="SizeCurves">Throughput against transfer size (64 sizes), host to device.</param>
/// <param name="BatchCurves">Throughput of the reference size against pages per batch.</param>
/// <param name="ReuseCurves">Throughput of the reference size against reuse count.</param>
/// <param name="ReuseBreakEvens">Reuse counts from which convert-once beats bounce.</param>
/// <param name="BatchBreakEvens">Batches that reach 90% of the streaming asymptote.</param>
/// <param name="Answers">The seed's three open questions, answered.</param>
public sealed record ModelReport(
    string ParametersDescription,
    double H2DLinkGigabytesPerSecond,
    IReadOnlyList<ModelParameter> Parameters,
    ModelQuery Query,
    IReadOnlyList<TransferPrediction> Predictions,
    IReadOnlyList<ThroughputCurve> SizeCurves,
    IReadOnlyList<ThroughputCurve> BatchCurves,
    IReadOnlyList<ThroughputCurve> ReuseCurves,
    IReadOnlyList<ReuseBreakEven> ReuseBreakEvens,
    IReadOnlyList<BatchBreakEven> BatchBreakEvens,
    IReadOnlyList<QuestionAnswer> Answers)
{
    /// <summary>Platforms whose pages change state per transfer: the ones batch and reuse sweeps are about.</summary>
    public static IReadOnlyList<PlatformProfile> ConvertingPlatforms { get; } =
        [PlatformProfile.Tdx, PlatformProfile.SevSnp, PlatformProfile.SnpPageFlip];

    public static ModelReport Build(ParameterSet set, ModelQuery query)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(query);
        var p = ModelParameters.From(set);
        var platforms = Enum.GetValues<PlatformProfile>();

        var predictions = (
            from direction in new[] { Direction.HostToDevice, Direction.DeviceToHost }
            from platform in platforms
            from strategy in TransferModel.Strategies(platform, query.BatchPages, query.Reuses)
            from bytes in ModelGrid.TableSizes
            select TransferModel.Predict(platform, strategy, direction, bytes, p)).ToList();

        var sizeCurves = (
            from platform in platforms
            from strategy in TransferModel.Strategies(platform, query.BatchPages, query.Reuses)
            select Curve(platform, strategy.Name, "bytes", ModelGrid.Sizes, bytes => Rate(platform, strategy, bytes, p))).ToList();

        // Bare metal has nothing to convert in batches, but registering once against bouncing is its classic question.
        var sweepPlatforms = ConvertingPlatforms.Prepend(PlatformProfile.BareMetal).ToList();
        var batchCurves = ConvertingPlatforms
            .Select(platform => Curve(platform, "convert in batches", "batchPages", ModelGrid.BatchPages,
                k => Rate(platform, TransferStrategy.InBatches(k), query.ReferenceBytes, p)))
            .ToList();
        var reuseCurves = sweepPlatforms
            .Select(platform => Curve(platform, "convert once", "reuses", ModelGrid.Reuses,
                n => Rate(platform, TransferStrategy.ConvertOnce(n), query.ReferenceBytes, p)))
            .ToList();

        var reuseBreakEvens = sweepPlatforms
            .Select(platform => new ReuseBreakEven(platform, query.ReferenceBytes,
                Rate(platform, TransferStrategy.Bounce, query.ReferenceBytes, p) / 1e9,
                Rate(platform, TransferStrategy.Pinned, query.ReferenceBytes, p) / 1e9,
                BreakEven.ReusesToBeatBounce(platform, Direction.HostToDevice, query.ReferenceBytes, p)))
            .ToList();
        var batchBreakEvens = ConvertingPlatforms
            .Select(platform => new BatchBreakEven(platform, ModelQuery.AsymptoteShare,
                BreakEven.BatchPagesToReach(platform, Direction.HostToDevice, ModelQuery.AsymptoteShare, p),
                BreakEven.StreamingAsymptote(platform, Direction.HostToDevice, p) / 1e9,
                BreakEven.StreamingRate(platform, Direction.HostToDevice, 1, p) / 1e9))
            .ToList();

        return new ModelReport(set.Description, p.Machine.H2DDmaRate / 1e9, set.Parameters, query, predictions, sizeCurves, batchCurves, reuseCurves,
            reuseBreakEvens, batchBreakEvens, OpenQuestions.Answer(set, query.ReferenceBytes, query.BatchPages));
    }

    public string ToJson() => JsonSerializer.Serialize(this, ModelJson.Default.ModelReport);

    private static double Rate(PlatformProfile platform, TransferStrategy strategy, double bytes, ModelParameters p) =>
        bytes / TransferModel.Seconds(platform, strategy, Direction.HostToDevice, bytes, p);

    private static ThroughputCurve Curve(PlatformProfile platform, string strategy, string variable, IReadOnlyList<double> xs, Func<double, double> rate) =>
        new(platform, strategy, Direction.HostToDevice, variable, [.. xs.Select(x => new CurvePoint(x, rate(x) / 1e9))]);
}
