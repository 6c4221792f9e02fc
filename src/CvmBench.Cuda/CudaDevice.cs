using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>One GPU, opened on its primary context. Factory for every resource bound to that context.
/// A thread that uses the device calls <see cref="MakeCurrent"/> first.</summary>
public sealed class CudaDevice : IDisposable
{
    private readonly PrimaryContext _context;
    private readonly bool _elapsedV2;

    internal CudaDevice(int ordinal, bool elapsedV2)
    {
        Ordinal = ordinal;
        _elapsedV2 = elapsedV2;
        _context = PrimaryContext.Retain(ordinal);
        _context.MakeCurrent();
    }

    public int Ordinal { get; }

    private nint Context => _context.DangerousGetHandle();

    public void MakeCurrent() => _context.MakeCurrent();

    public DeviceBuffer Allocate(long bytes) => DeviceBuffer.Allocate(Context, bytes);

    /// <inheritdoc cref="DeviceBuffer.Borrow"/>
    public DeviceBuffer Borrow(ulong pointer, long bytes) => DeviceBuffer.Borrow(Context, pointer, bytes);

    /// <summary>Checks that a range lies within one allocation of this context (cuMemGetAddressRange): a copy into
    /// memory that is not allocated would fault the context for every user of it, PyTorch included.</summary>
    /// <exception cref="ArgumentException">It does not.</exception>
    public void CheckAllocated(ulong pointer, long bytes)
    {
        using var scope = new ContextScope(Context);
        if (bytes < 0 || CudaApi.cuMemGetAddressRange_v2(out ulong start, out nuint length, pointer) != 0
            || pointer - start > length || (ulong)bytes > length - (pointer - start))
        {
            throw new ArgumentException($"{bytes} bytes at device address 0x{pointer:x} are not within one allocation on GPU {Ordinal}");
        }
    }

    public PinnedHostBuffer AllocateHost(long bytes, HostAllocFlags flags) => PinnedHostBuffer.Allocate(Context, bytes, flags);

    public HostRegistration Register(nint pointer, long bytes, HostRegisterFlags flags) => HostRegistration.Register(Context, pointer, bytes, flags);

    public CudaStream CreateStream() => CudaStream.Create(Context);

    public CudaEvent CreateEvent(bool timing = true) => CudaEvent.Create(Context, timing, _elapsedV2);

    public CudaModule LoadModule(ReadOnlySpan<byte> ptx) => CudaModule.Load(Context, ptx);

    /// <summary>Free and total device memory, in bytes (cuMemGetInfo).</summary>
    public (long Free, long Total) MemoryInfo()
    {
        using var scope = new ContextScope(Context);
        Check.Cuda(CudaApi.cuMemGetInfo_v2(out nuint free, out nuint total));
        return ((long)free, (long)total);
    }

    public void Synchronize()
    {
        using var scope = new ContextScope(Context);
        Check.Cuda(CudaApi.cuCtxSynchronize());
    }

    /// <summary>Synchronous copy from host to device memory (cuMemcpyHtoD).</summary>
    public void CopyHostToDevice(DeviceBuffer destination, nint source, long bytes)
    {
        using var scope = new ContextScope(Context);
        Check.Cuda(CudaApi.cuMemcpyHtoD_v2(destination.Pointer, source, (nuint)bytes));
    }

    /// <summary>Synchronous copy from device to host memory (cuMemcpyDtoH).</summary>
    public void CopyDeviceToHost(nint destination, DeviceBuffer source, long bytes)
    {
        using var scope = new ContextScope(Context);
        Check.Cuda(CudaApi.cuMemcpyDtoH_v2(destination, source.Pointer, (nuint)bytes));
    }

    public void Fill(DeviceBuffer buffer, byte value)
    {
        using var scope = new ContextScope(Context);
        Check.Cuda(CudaApi.cuMemsetD8_v2(buffer.Pointer, value, (nuint)buffer.Length));
    }

    public void Dispose() => _context.Dispose();
}
