using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>The CUDA context current on the calling thread when it was saved, made current again on dispose. For
/// entry points that other CUDA code calls: the work binds the device's primary context, and the caller finds its own
/// context (or none) current again afterwards.</summary>
public sealed class CallerContext : IDisposable
{
    private readonly nint _context;

    private CallerContext(nint context) => _context = context;

    /// <summary>Remembers the calling thread's current context (none is remembered as none).</summary>
    public static CallerContext Save()
    {
        Check.Cuda(CudaApi.cuCtxGetCurrent(out nint context));
        return new CallerContext(context);
    }

    public void Dispose() => _ = CudaApi.cuCtxSetCurrent(_context);
}
