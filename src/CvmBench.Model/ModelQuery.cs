namespace CvmBench.Model;

/// <summary>What a report is asked for, besides the parameters.</summary>
/// <param name="ReferenceBytes">Transfer size for the batch and reuse sweeps, the break-even points and the streaming answer.</param>
/// <param name="BatchPages">Pages per batch for the batched strategy in tables and size curves.</param>
/// <param name="Reuses">Reuse count for the convert-once strategy in tables and size curves.</param>
public sealed record ModelQuery(double ReferenceBytes = 64 << 20, double BatchPages = 512, double Reuses = 100)
{
    /// <summary>Share of the streaming asymptote the batch break-even looks for.</summary>
    public const double AsymptoteShare = 0.9;
}
