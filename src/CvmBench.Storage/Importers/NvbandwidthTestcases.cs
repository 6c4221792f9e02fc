using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Storage.Importers;

/// <summary>Which nvbandwidth testcases our vocabulary can hold, and how the matrix cells become tests. Host buffers
/// in nvbandwidth are always pinned. Testcases that drive several GPUs at once (all_to_host, host_to_all),
/// GPU-to-GPU copies and latency are not transfers of one host buffer to one GPU, so they are skipped, and said so.</summary>
internal static class NvbandwidthTestcases
{
    public const string Tool = "nvbandwidth";

    public static (Direction Direction, CopyMethod Method, bool Bidirectional)? Map(string testcase) => testcase switch
    {
        "host_to_device_memcpy_ce" => (Direction.HostToDevice, CopyMethod.CopyEngine, false),
        "device_to_host_memcpy_ce" => (Direction.DeviceToHost, CopyMethod.CopyEngine, false),
        "host_to_device_bidirectional_memcpy_ce" => (Direction.HostToDevice, CopyMethod.CopyEngine, true),
        "device_to_host_bidirectional_memcpy_ce" => (Direction.DeviceToHost, CopyMethod.CopyEngine, true),
        "host_to_device_memcpy_sm" => (Direction.HostToDevice, CopyMethod.Sm, false),
        "device_to_host_memcpy_sm" => (Direction.DeviceToHost, CopyMethod.Sm, false),
        "host_to_device_bidirectional_memcpy_sm" => (Direction.HostToDevice, CopyMethod.Sm, true),
        "device_to_host_bidirectional_memcpy_sm" => (Direction.DeviceToHost, CopyMethod.Sm, true),
        _ => null,
    };

    /// <summary>The test for the cell in <paramref name="column"/> (the GPU) of a host testcase's single CPU row.</summary>
    public static TestResult Cell(string testcase, int column, double gigabytesPerSecond, long bufferBytes, bool bufferAssumed)
    {
        var (direction, method, bidirectional) = Map(testcase) ?? throw new ArgumentException($"unmapped testcase {testcase}", nameof(testcase));
        string note = $"nvbandwidth {testcase}: one printed rate per GPU (nvbandwidth's own median of its samples); "
            + (bufferAssumed ? $"buffer size not in the output, {bufferBytes >> 20} MiB assumed; " : "")
            + "stored as one sample (time = size / rate, to the nanosecond): no spread, no wall clock, no verification";
        return PeerRuns.Reported(new TransferTest(HostPath.Pinned, direction, method, bufferBytes, column, bidirectional), gigabytesPerSecond, note);
    }
}
