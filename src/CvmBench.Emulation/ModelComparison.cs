using CvmBench.Model;

namespace CvmBench.Emulation;

/// <summary>One emulated result beside the model's prediction for it.</summary>
/// <param name="Case">What was emulated.</param>
/// <param name="Bytes">Bytes per transfer.</param>
/// <param name="MeasuredSeconds">Median measured time per transfer.</param>
/// <param name="PredictedSeconds">The calibrated model's time per transfer.</param>
/// <param name="CoefficientOfVariation">Spread of the measured samples.</param>
public sealed record ModelComparison(EmulationCase Case, long Bytes, double MeasuredSeconds, double PredictedSeconds, double CoefficientOfVariation)
{
    public double MeasuredGigabytesPerSecond => Bytes / MeasuredSeconds / 1e9;

    public double PredictedGigabytesPerSecond => Bytes / PredictedSeconds / 1e9;

    /// <summary>Measured time over predicted, minus one: +0.2 means the hardware took 20% longer than the model says.</summary>
    public double Error => MeasuredSeconds / PredictedSeconds - 1;

    /// <summary>Whether the error is beyond <see cref="ModelCheck.Threshold"/> either way.</summary>
    public bool Exceeds => Math.Abs(Error) > ModelCheck.Threshold;
}
