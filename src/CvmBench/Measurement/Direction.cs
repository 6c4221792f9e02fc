namespace CvmBench.Measurement;

/// <summary>Which way the bytes go.</summary>
public enum Direction
{
    HostToDevice,
    DeviceToHost,
    DeviceToDevice,
}
