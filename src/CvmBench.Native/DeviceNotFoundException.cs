namespace CvmBench.Native;

/// <summary>No GPU has the number asked for.</summary>
internal sealed class DeviceNotFoundException : Exception
{
    public DeviceNotFoundException() { }

    public DeviceNotFoundException(string message) : base(message) { }

    public DeviceNotFoundException(string message, Exception inner) : base(message, inner) { }
}
