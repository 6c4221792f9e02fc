using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>A non-blocking stream (it does not synchronize with the legacy default stream).</summary>
public sealed class CudaStream : SafeHandle
{
    private const uint NonBlocking = 1;
    private readonly nint _context;

    private CudaStream(nint context) : base(0, ownsHandle: true) => _context = context;

    public override bool IsInvalid => handle == 0;

    internal nint Raw => handle;

    internal static CudaStream Create(nint context)
    {
        Check.Cuda(CudaApi.cuStreamCreate(out nint stream, NonBlocking));
        var result = new CudaStream(context);
        result.SetHandle(stream);
        return result;
    }

    public void CopyHostToDevice(DeviceBuffer destination, long destinationOffset, nint source, long bytes) =>
        Check.Cuda(CudaApi.cuMemcpyHtoDAsync_v2(destination.Pointer + (ulong)destinationOffset, source, (nuint)bytes, handle));

    public void CopyDeviceToHost(nint destination, DeviceBuffer source, long sourceOffset, long bytes) =>
        Check.Cuda(CudaApi.cuMemcpyDtoHAsync_v2(destination, source.Pointer + (ulong)sourceOffset, (nuint)bytes, handle));

    public void CopyDeviceToDevice(DeviceBuffer destination, DeviceBuffer source, long bytes) =>
        Check.Cuda(CudaApi.cuMemcpyDtoDAsync_v2(destination.Pointer, source.Pointer, (nuint)bytes, handle));

    public void Record(CudaEvent @event) => Check.Cuda(CudaApi.cuEventRecord(@event.Raw, handle));

    /// <summary>Work queued on this stream after the call waits, on the device, for <paramref name="event"/>'s latest
    /// recording; the host does not wait.</summary>
    public void Wait(CudaEvent @event) => Check.Cuda(CudaApi.cuStreamWaitEvent(handle, @event.Raw, 0));

    public void Synchronize() => Check.Cuda(CudaApi.cuStreamSynchronize(handle));

    protected override bool ReleaseHandle()
    {
        using var scope = new ContextScope(_context);
        return CudaApi.cuStreamDestroy_v2(handle) == 0;
    }
}
