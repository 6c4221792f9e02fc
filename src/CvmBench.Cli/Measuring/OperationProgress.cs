using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Cli.Measuring;

/// <summary>Stores each operation as it is measured and says so on stderr, one line each.</summary>
internal sealed class OperationProgress(RunSession session)
{
    private int _done;

    public void Add(OperationResult result)
    {
        session.Add(result);
        _done++;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{_done}] {result.Test.Name} {Units.FormatBytes(result.Test.Bytes)}: {Describe(result)} (CV {result.CoefficientOfVariation * 100:F1}%)"));
    }

    /// <summary>A latency for conversions, a rate for everything that moves data.</summary>
    public static string Describe(OperationResult result) => OperationNames.IsConversion(result.Test.Operation)
        ? string.Create(CultureInfo.InvariantCulture, $"{result.MedianSeconds * 1e6:F1} us")
        : string.Create(CultureInfo.InvariantCulture, $"{result.MedianBytesPerSecond / 1e9:F2} GB/s");
}
