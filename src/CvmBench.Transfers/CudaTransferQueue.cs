using CvmBench.Cuda;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Transfers;

/// <summary>A CUDA stream behind <see cref="ITransferQueue"/>.</summary>
internal sealed class CudaTransferQueue(CudaTransferDevice owner, CudaStream stream) : ITransferQueue, ISealingQueue
{
    public void Hold() => owner.HoldQueue(stream);

    public void CopyHostToDevice(IDeviceBuffer destination, long destinationOffset, IHostBuffer source, long sourceOffset, long bytes, CopyMethod method)
    {
        var target = ((CudaTransferDevice.CudaDeviceBuffer)destination).Buffer;
        if (method == CopyMethod.CopyEngine)
        {
            stream.CopyHostToDevice(target, destinationOffset, source.Pointer + (nint)sourceOffset, bytes);
        }
        else
        {
            owner.KernelCopy(stream, KernelAddress(source) + (ulong)sourceOffset, target.Pointer + (ulong)destinationOffset, bytes);
        }
    }

    public void CopyDeviceToHost(IHostBuffer destination, long destinationOffset, IDeviceBuffer source, long sourceOffset, long bytes, CopyMethod method)
    {
        var from = ((CudaTransferDevice.CudaDeviceBuffer)source).Buffer;
        if (method == CopyMethod.CopyEngine)
        {
            stream.CopyDeviceToHost(destination.Pointer + (nint)destinationOffset, from, sourceOffset, bytes);
        }
        else
        {
            owner.KernelCopy(stream, from.Pointer + (ulong)sourceOffset, KernelAddress(destination) + (ulong)destinationOffset, bytes);
        }
    }

    public void CopyDeviceToDevice(IDeviceBuffer destination, IDeviceBuffer source, long bytes, CopyMethod method)
    {
        var to = ((CudaTransferDevice.CudaDeviceBuffer)destination).Buffer;
        var from = ((CudaTransferDevice.CudaDeviceBuffer)source).Buffer;
        if (method == CopyMethod.CopyEngine)
        {
            stream.CopyDeviceToDevice(to, from, bytes);
        }
        else
        {
            owner.KernelCopy(stream, from.Pointer, to.Pointer, bytes);
        }
    }

    public void Open(IDeviceSealingKeys keys, IDeviceBuffer ring, long ringOffset, long plainBytes, int segmentBytes, ulong firstCounter,
        IDeviceBuffer destination, long destinationOffset, IDeviceBuffer status) =>
        owner.Sealed.Open(stream, ((CudaTransferDevice.CudaSealingKeys)keys).KeyState, Address(ring, ringOffset), plainBytes, segmentBytes,
            firstCounter, Address(destination, destinationOffset), Address(status, 0));

    public void Seal(IDeviceSealingKeys keys, IDeviceBuffer source, long sourceOffset, long plainBytes, int segmentBytes, ulong firstCounter,
        IDeviceBuffer ring, long ringOffset) =>
        owner.Sealed.Seal(stream, ((CudaTransferDevice.CudaSealingKeys)keys).KeyState, Address(source, sourceOffset), plainBytes, segmentBytes,
            firstCounter, Address(ring, ringOffset));

    public IQueueEvent Record() => Record(timing: true);

    public IQueueEvent Mark() => Record(timing: false);

    private CudaQueueEvent Record(bool timing)
    {
        var ev = owner.Device.CreateEvent(timing);
        stream.Record(ev);
        return new CudaQueueEvent(ev);
    }

    public void Record(IQueueEvent marker) => stream.Record(((CudaQueueEvent)marker).Event);

    public void Wait(IQueueEvent marker) => stream.Wait(((CudaQueueEvent)marker).Event);

    public void Synchronize() => stream.Synchronize();

    public void Dispose() => stream.Dispose();

    private static ulong KernelAddress(IHostBuffer buffer) => buffer.DeviceAddress != 0
        ? buffer.DeviceAddress
        : throw new ArgumentException($"{MemoryKindNames.ToText(buffer.Kind)} memory cannot be reached by a kernel; SM copies need page-locked memory");

    private static ulong Address(IDeviceBuffer buffer, long offset) => ((CudaTransferDevice.CudaDeviceBuffer)buffer).Buffer.Pointer + (ulong)offset;

    private sealed class CudaQueueEvent(CudaEvent ev) : IQueueEvent
    {
        public void Wait() => ev.Synchronize();

        public bool IsReached => ev.IsReached();

        public double NanosecondsSince(IQueueEvent start) => ev.ElapsedMillisecondsSince(((CudaQueueEvent)start).Event) * 1e6;

        internal CudaEvent Event => ev;

        public void Dispose() => ev.Dispose();
    }
}
