using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>Queues one copy-engine copy between DMA-able host memory and the start of a device buffer.</summary>
internal static class DeviceCopy
{
    public static void Enqueue(ITransferQueue queue, Direction direction, IHostBuffer host, long offset, IDeviceBuffer device, long bytes)
    {
        if (direction == Direction.HostToDevice)
        {
            queue.CopyHostToDevice(device, 0, host, offset, bytes, CopyMethod.CopyEngine);
        }
        else
        {
            queue.CopyDeviceToHost(host, offset, device, 0, bytes, CopyMethod.CopyEngine);
        }
    }
}
