using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>Which combinations of memory kind, direction and copy method make sense, with the reason when one does not.</summary>
public static class TransferRules
{
    /// <summary>Null when the test can run; otherwise one line saying why not.</summary>
    public static string? Problem(TransferTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (test.Bytes <= 0)
        {
            return $"transfer size must be positive (got {test.Bytes})";
        }
        if (test.Direction == Direction.DeviceToDevice)
        {
            return test.Bidirectional ? "device-to-device copies have no opposite direction to run against" : null;
        }
        if (test.Memory == HostPath.Mapped && test.Method == CopyMethod.CopyEngine)
        {
            return "mapped memory is read and written by an SM kernel (zero-copy); use the sm method, or pinned memory for copy engines";
        }
        if (test.Method == CopyMethod.Sm && test.Memory == HostPath.Pageable)
        {
            return "an SM kernel cannot reach pageable memory; use pinned, wc, registered or mapped memory";
        }
        if (test.Method == CopyMethod.Sm && test.Memory == HostPath.Staged)
        {
            return "staged copies are DMA'd by copy engines from pinned chunks; use the ce method";
        }
        if (test.Method == CopyMethod.Sm && test.Memory == HostPath.Sealed)
        {
            return "sealed copies are DMA'd by copy engines from pinned chunks and opened by the sealed kernels; use the ce method";
        }
        if (test.Bidirectional && !IsHoldable(test))
        {
            return "bidirectional tests need page-locked memory (pinned, wc, registered or mapped)";
        }
        return null;
    }

    /// <summary>Whether copies can be queued behind a held stream. Pageable, staged and sealed copies cannot: the driver
    /// (pageable) or CvmBench's pipelines (staged, sealed) move them through the host while they are issued, so the host
    /// work is part of the transfer and is timed with it.</summary>
    public static bool IsHoldable(TransferTest test) =>
        test.Direction == Direction.DeviceToDevice || test.Memory is not (HostPath.Pageable or HostPath.Staged or HostPath.Sealed);
}
