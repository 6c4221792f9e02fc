namespace CvmBench.Cuda;

/// <summary>The NVIDIA driver library is not on this machine; every GPU path stops here with one line.</summary>
public sealed class DriverNotFoundException : Exception
{
    public const string DefaultMessage = "no NVIDIA driver found (libcuda.so.1)";

    public DriverNotFoundException() : base(DefaultMessage) { }
    public DriverNotFoundException(string message) : base(message) { }
    public DriverNotFoundException(string message, Exception inner) : base(message, inner) { }
}
