namespace CvmBench.Transfers;

/// <summary>Which way the bytes go.</summary>
public enum Direction
{
    HostToDevice,
    DeviceToHost,
    DeviceToDevice,
}
