using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>Makes a context current on this thread for a scope and restores the previous one after.
/// Handles release their resources inside one, so disposal works from any thread (the finalizer included).</summary>
internal readonly ref struct ContextScope
{
    private readonly bool _pushed;

    public ContextScope(nint context)
    {
        _pushed = context != 0 && CudaApi.cuCtxPushCurrent_v2(context) == 0;
    }

    public void Dispose()
    {
        if (_pushed)
        {
            CudaApi.cuCtxPopCurrent_v2(out _);
        }
    }
}
