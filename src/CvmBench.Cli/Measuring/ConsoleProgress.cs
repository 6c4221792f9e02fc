using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Storage;
using CvmBench.Transfers;

namespace CvmBench.Cli.Measuring;

/// <summary>A measuring run's progress on stderr: a line when it is stored, one per result, where it was kept at the end.</summary>
/// <param name="beginning">What the run will measure, said after its id.</param>
/// <param name="total">How many test results to expect, for the <c>[done/total]</c> count; null for operations.</param>
/// <param name="stoppedHint">What to add, given the run's id, to the line of a run that stopped early.</param>
internal sealed class ConsoleProgress(string beginning, int? total = null, Func<string, string>? stoppedHint = null) : IRunProgress
{
    private string? _id;
    private int _done;

    public void Begun(RunRecord header)
    {
        _id = header.Id;
        Console.Error.WriteLine($"cvmbench: run {_id[..8]}: {beginning}");
    }

    public void Measured(TestResult result)
    {
        _done++;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{_done}/{total}] device {result.Test.Device} {result.Test.Name} {Units.FormatBytes(result.Test.Bytes)}: {result.Bandwidth.Median:F2} GB/s (CV {result.Bandwidth.CoefficientOfVariation * 100:F1}%)"));
    }

    public void Measured(OperationResult operation)
    {
        _done++;
        Console.Error.WriteLine(Line(_done, operation));
    }

    public void Skipped(string what) => Console.Error.WriteLine($"cvmbench: skipped {what}");

    /// <summary>Runs <paramref name="measure"/> and says where its run (<paramref name="runOf"/> its outcome) was
    /// stored, or, when it stops early, how much of it was kept: a signal's stop becomes the one line that reports it
    /// (<see cref="RunInterruptedException"/>).</summary>
    public T Watch<T>(StoredRunSink sink, Func<T> measure, Func<T, RunRecord> runOf)
    {
        try
        {
            var outcome = measure();
            Console.Error.WriteLine($"cvmbench: run {runOf(outcome).Id[..8]} stored in {sink.Location}");
            return outcome;
        }
        catch (OperationCanceledException e) when (_id is not null && e is not RunInterruptedException)
        {
            throw new RunInterruptedException($"interrupted; run {_id[..8]} stopped, {_done} result(s) kept in {sink.Location}, marked incomplete{stoppedHint?.Invoke(_id)}", e);
        }
        catch when (_id is not null)
        {
            Console.Error.WriteLine($"cvmbench: run {_id[..8]} stopped; {_done} result(s) kept in {sink.Location}, marked incomplete{stoppedHint?.Invoke(_id)}");
            throw;
        }
    }

    /// <summary>The progress line of the <paramref name="done"/>th operation.</summary>
    public static string Line(int done, OperationResult result) => string.Create(CultureInfo.InvariantCulture,
        $"[{done}] {result.Test.Name} {Units.FormatBytes(result.Test.Bytes)}: {Describe(result)} (CV {result.CoefficientOfVariation * 100:F1}%)");

    /// <summary>A latency for conversions, a rate for everything that moves data.</summary>
    public static string Describe(OperationResult result) => OperationNames.IsConversion(result.Test.Operation)
        ? string.Create(CultureInfo.InvariantCulture, $"{result.MedianSeconds * 1e6:F1} us")
        : string.Create(CultureInfo.InvariantCulture, $"{result.MedianBytesPerSecond / 1e9:F2} GB/s");
}
