
namespace CvmBench.Transfers;

/// <summary>An ordered queue of copies (a CUDA stream). Operations are queued and run in order; <see cref="Record()"/>
/// marks a point whose time is known once the queue reaches it.</summary>
public interface ITransferQueue : IDisposable
{
    /// <summary>Holds the queue until the device's <see cref="ITransferDevice.ReleaseHeldQueues"/>, so copies queued
    /// behind it start together and their enqueue cost stays outside any timed window.</summary>
    void Hold();

    void CopyHostToDevice(IDeviceBuffer destination, long destinationOffset, IHostBuffer source, long sourceOffset, long bytes, CopyMethod method);

    void CopyDeviceToHost(IHostBuffer destination, long destinationOffset, IDeviceBuffer source, long sourceOffset, long bytes, CopyMethod method);

    void CopyDeviceToDevice(IDeviceBuffer destination, IDeviceBuffer source, long bytes, CopyMethod method);

    IQueueEvent Record();

    /// <summary>Like <see cref="Record()"/>, for a marker that is only waited on or polled, never timed: the queue may
    /// then skip the timestamp (CUDA: an event without timing, which the driver records and queries more cheaply).</summary>
    IQueueEvent Mark() => Record();

    /// <summary>Records <paramref name="marker"/>, an event made by <see cref="Record()"/> on any queue of the same device,
    /// again at this point: waits on it then refer to this point. A pipeline reuses a few markers this way instead of
    /// making an event per copy.</summary>
    void Record(IQueueEvent marker);

    /// <summary>Work queued after this call runs only once <paramref name="marker"/>'s latest recording (on any queue of
    /// the same device) is reached; the calling thread does not wait. Lets one queue's copies follow another queue's
    /// kernels without the host in between.</summary>
    void Wait(IQueueEvent marker);

    /// <summary>Waits until everything queued so far has run.</summary>
    void Synchronize();
}
