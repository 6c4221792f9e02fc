namespace CvmBench.Cuda;

/// <summary>An NVML call failed. The message names the call and NVML's error text.</summary>
public sealed class NvmlException : Exception
{
    public NvmlException(string call, int code, string description)
        : base($"{call} failed: {description} ({code})")
    {
        Call = call;
        Code = code;
    }

    public NvmlException() { Call = ""; }
    public NvmlException(string message) : base(message) { Call = ""; }
    public NvmlException(string message, Exception inner) : base(message, inner) { Call = ""; }

    public string Call { get; }

    /// <summary>The nvmlReturn_t value.</summary>
    public int Code { get; }
}
