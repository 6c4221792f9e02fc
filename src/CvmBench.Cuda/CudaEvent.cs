using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>A timing event.</summary>
public sealed class CudaEvent : SafeHandle
{
    private const uint DefaultSync = 0;
    private const uint DisableTiming = 2;
    private const int NotReady = 600; // CUDA_ERROR_NOT_READY
    private readonly nint _context;
    private readonly bool _elapsedV2;

    private CudaEvent(nint context, bool elapsedV2) : base(0, ownsHandle: true)
    {
        _context = context;
        _elapsedV2 = elapsedV2;
    }

    public override bool IsInvalid => handle == 0;

    internal nint Raw => handle;

    internal static CudaEvent Create(nint context, bool timing, bool elapsedV2)
    {
        // Default (spinning) synchronization: a waiter returns within microseconds of the event. Blocking sync would
        // put it to sleep and wake it tens of microseconds late, which stalls a staging pipeline whose chunks take
        // about forty microseconds each to cross the link.
        Check.Cuda(CudaApi.cuEventCreate(out nint ev, timing ? DefaultSync : DisableTiming));
        var result = new CudaEvent(context, elapsedV2);
        result.SetHandle(ev);
        return result;
    }

    public void Synchronize() => Check.Cuda(CudaApi.cuEventSynchronize(handle));

    /// <summary>Whether the stream has reached this event, without waiting (cuEventQuery).</summary>
    public bool IsReached()
    {
        int result = CudaApi.cuEventQuery(handle);
        if (result == NotReady)
        {
            return false;
        }
        Check.Cuda(result, "CudaApi.cuEventQuery(handle)");
        return true;
    }

    /// <summary>Milliseconds between two completed events (about 0.5 microsecond resolution).</summary>
    public double ElapsedMillisecondsSince(CudaEvent start)
    {
        float ms;
        if (_elapsedV2)
        {
            Check.Cuda(CudaApi.cuEventElapsedTime_v2(out ms, start.handle, handle));
        }
        else
        {
            Check.Cuda(CudaApi.cuEventElapsedTime_v1(out ms, start.handle, handle));
        }
        return ms;
    }

    protected override bool ReleaseHandle()
    {
        using var scope = new ContextScope(_context);
        return CudaApi.cuEventDestroy_v2(handle) == 0;
    }
}
