using System.Globalization;
using System.Text;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Cli.BandwidthTest;

/// <summary>bandwidthTest's text and CSV output, byte for byte (its printf formats), from measured bandwidths.</summary>
internal static class BandwidthTestReport
{
    public static string Header(IReadOnlyList<(int Ordinal, string Name)> devices, bool all, BandwidthTestMode mode)
    {
        var text = new StringBuilder("[CUDA Bandwidth Test] - Starting...\n");
        if (all)
        {
            text.Append("\n!!!!!Cumulative Bandwidth to be computed from all the devices !!!!!!\n\n");
        }
        text.Append("Running on...\n\n");
        foreach (var (ordinal, name) in devices)
        {
            text.Append(CultureInfo.InvariantCulture, $" Device {ordinal}: {name}\n");
        }
        text.Append(mode switch
        {
            BandwidthTestMode.Quick => " Quick Mode\n\n",
            BandwidthTestMode.Range => " Range Mode\n\n",
            _ => " Shmoo Mode\n\n",
        });
        return text.ToString();
    }

    /// <summary>printResultsReadable.</summary>
    public static string Readable(IReadOnlyList<(long Size, double GigabytesPerSecond)> rows, Direction direction, HostPath memory, int devices, bool wc)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $" {KindName(direction)} Bandwidth, {devices} Device(s)\n");
        text.Append(CultureInfo.InvariantCulture, $" {memory switch { HostPath.Pageable => "PAGEABLE", HostPath.Staged => "STAGED", HostPath.Sealed => "SEALED", _ => "PINNED" }} Memory Transfers\n");
        if (wc)
        {
            // No newline here in the original either.
            text.Append(" Write-Combined Memory Writes are Enabled");
        }
        text.Append("   Transfer Size (Bytes)\tBandwidth(GB/s)\n");
        for (int i = 0; i < rows.Count; i++)
        {
            var (size, rate) = rows[i];
            text.Append(CultureInfo.InvariantCulture, $"   {size}\t\t\t{(size < 10000 ? "\t" : "")}{rate:F1}\n");
        }
        text.Append('\n');
        return text.ToString();
    }

    /// <summary>printResultsCSV.</summary>
    public static string Csv(IReadOnlyList<(long Size, double GigabytesPerSecond)> rows, Direction direction, HostPath memory, int devices, bool wc)
    {
        string config = direction switch
        {
            Direction.DeviceToDevice => "D2D",
            Direction.DeviceToHost => "D2H" + MemorySuffix(memory, wc),
            _ => "H2D" + MemorySuffix(memory, wc),
        };
        var text = new StringBuilder();
        foreach (var (size, rate) in rows)
        {
            double seconds = size / (rate * 1e9);
            text.Append(CultureInfo.InvariantCulture,
                $"bandwidthTest-{config}, Bandwidth = {rate:F1} GB/s, Time = {seconds:F5} s, Size = {size} bytes, NumDevsUsed = {devices}\n");
        }
        return text.ToString();
    }

    public static string Footer(bool passed, bool simulated) =>
        (passed ? "Result = PASS\n" : "Result = FAIL\n") +
        $"\nNOTE: {(simulated ? "SIMULATED (host memory, not a GPU): " : "")}measured by CvmBench: median of several samples after warm-up, data verified; run 'cvmbench bandwidthtest --help' for how this differs from bandwidthTest.\n";

    private static string KindName(Direction direction) => direction switch
    {
        Direction.DeviceToHost => "Device to Host",
        Direction.HostToDevice => "Host to Device",
        _ => "Device to Device",
    };

    /// <summary>The original's -Paged, -Pinned and -Pinned-WriteCombined; -Staged and -Sealed for CvmBench's own kinds.</summary>
    private static string MemorySuffix(HostPath memory, bool wc) => memory switch
    {
        HostPath.Pageable => "-Paged",
        HostPath.Staged => "-Staged",
        HostPath.Sealed => "-Sealed",
        _ => wc ? "-Pinned-WriteCombined" : "-Pinned",
    };
}
