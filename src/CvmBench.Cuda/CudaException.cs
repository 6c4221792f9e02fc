namespace CvmBench.Cuda;

/// <summary>A CUDA driver API call failed. The message names the call and the driver's error name and text.</summary>
public sealed class CudaException : Exception
{
    public CudaException(string call, int code, string errorName, string description)
        : base($"{call} failed: {errorName} ({code}): {description}")
    {
        Call = call;
        Code = code;
        ErrorName = errorName;
    }

    public CudaException() { Call = ""; ErrorName = ""; }
    public CudaException(string message) : base(message) { Call = ""; ErrorName = ""; }
    public CudaException(string message, Exception inner) : base(message, inner) { Call = ""; ErrorName = ""; }

    /// <summary>The entry point that failed, for example <c>cuMemAlloc_v2</c>.</summary>
    public string Call { get; }

    /// <summary>The CUresult value.</summary>
    public int Code { get; }

    /// <summary>The CUresult name, for example <c>CUDA_ERROR_OUT_OF_MEMORY</c>.</summary>
    public string ErrorName { get; }
}
