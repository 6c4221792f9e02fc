namespace CvmBench.Model;

/// <summary>Equal chunks flowing through stages that each hold one chunk at a time (a copy thread, the conversion
/// lock, a copy engine): the first chunk passes every stage, every later one leaves at the slowest stage's pace.</summary>
internal static class Pipeline
{
    /// <param name="chunks">Chunks in the transfer, at least 1 (fractional in the fluid model).</param>
    /// <param name="stageSeconds">Seconds each stage spends on one chunk.</param>
    public static double Seconds(double chunks, params ReadOnlySpan<double> stageSeconds)
    {
        double sum = 0, slowest = 0;
        foreach (double stage in stageSeconds)
        {
            sum += stage;
            slowest = Math.Max(slowest, stage);
        }
        return sum + (chunks - 1) * slowest;
    }
}
