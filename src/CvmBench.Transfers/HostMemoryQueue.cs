using System.Collections.Concurrent;
using System.Diagnostics;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Transfers;

/// <summary>A queue of the simulated device: one worker thread runs the queued operations in order, like a stream.</summary>
internal sealed class HostMemoryQueue : ITransferQueue, ISealingQueue
{
    private readonly HostMemoryDevice _device;
    private readonly BlockingCollection<Action> _operations = [];
    private readonly Thread _worker;
    private Exception? _failure;

    public HostMemoryQueue(HostMemoryDevice device)
    {
        _device = device;
        _worker = new Thread(Work) { IsBackground = true, Name = "simulated transfer queue" };
        _worker.Start();
    }

    public void Hold()
    {
        _device.Arm();
        _operations.Add(_device.WaitForRelease);
    }

    public void CopyHostToDevice(IDeviceBuffer destination, long destinationOffset, IHostBuffer source, long sourceOffset, long bytes, CopyMethod method)
    {
        RequireKernelReach(source, method);
        nint to = ((HostMemoryDevice.SimulatedDeviceBuffer)destination).Pointer + (nint)destinationOffset;
        nint from = source.Pointer + (nint)sourceOffset;
        _operations.Add(() => _device.Copy(to, from, bytes));
    }

    public void CopyDeviceToHost(IHostBuffer destination, long destinationOffset, IDeviceBuffer source, long sourceOffset, long bytes, CopyMethod method)
    {
        RequireKernelReach(destination, method);
        nint to = destination.Pointer + (nint)destinationOffset;
        nint from = ((HostMemoryDevice.SimulatedDeviceBuffer)source).Pointer + (nint)sourceOffset;
        _operations.Add(() => _device.Copy(to, from, bytes));
    }

    public void CopyDeviceToDevice(IDeviceBuffer destination, IDeviceBuffer source, long bytes, CopyMethod method)
    {
        nint to = ((HostMemoryDevice.SimulatedDeviceBuffer)destination).Pointer;
        nint from = ((HostMemoryDevice.SimulatedDeviceBuffer)source).Pointer;
        _operations.Add(() => _device.Copy(to, from, bytes));
    }

    public void Open(IDeviceSealingKeys keys, IDeviceBuffer ring, long ringOffset, long plainBytes, int segmentBytes, ulong firstCounter,
        IDeviceBuffer destination, long destinationOffset, IDeviceBuffer status)
    {
        nint chunk = Address(ring, ringOffset);
        nint to = Address(destination, destinationOffset);
        nint word = Address(status, 0);
        _operations.Add(() => _device.Sealing.Open(keys, chunk, plainBytes, segmentBytes, firstCounter, to, word));
    }

    public void Seal(IDeviceSealingKeys keys, IDeviceBuffer source, long sourceOffset, long plainBytes, int segmentBytes, ulong firstCounter,
        IDeviceBuffer ring, long ringOffset)
    {
        nint from = Address(source, sourceOffset);
        nint chunk = Address(ring, ringOffset);
        _operations.Add(() => _device.Sealing.Seal(keys, from, plainBytes, segmentBytes, firstCounter, chunk));
    }

    public IQueueEvent Record()
    {
        var ev = new HostMemoryEvent();
        Record(ev);
        return ev;
    }

    public void Record(IQueueEvent marker)
    {
        var ev = (HostMemoryEvent)marker;
        long generation = ev.Arm();
        _operations.Add(() => ev.Reach(generation));
    }

    public void Wait(IQueueEvent marker)
    {
        var ev = (HostMemoryEvent)marker;
        long generation = ev.Recorded;
        _operations.Add(() => ev.WaitFor(generation));
    }

    public void Synchronize()
    {
        using var done = new ManualResetEventSlim();
        _operations.Add(done.Set);
        done.Wait();
        if (_failure is { } failure)
        {
            _failure = null;
            throw new InvalidOperationException($"a queued copy failed: {failure.Message}", failure);
        }
    }

    public void Dispose()
    {
        _operations.CompleteAdding();
        _worker.Join();
        _operations.Dispose();
    }

    private void Work()
    {
        foreach (var operation in _operations.GetConsumingEnumerable())
        {
            try
            {
                operation();
            }
            catch (Exception e)
            {
                // Like a stream error: remembered and reported at the next synchronization.
                _failure ??= e;
            }
        }
    }

    private static nint Address(IDeviceBuffer buffer, long offset) => ((HostMemoryDevice.SimulatedDeviceBuffer)buffer).Pointer + (nint)offset;

    private static void RequireKernelReach(IHostBuffer buffer, CopyMethod method)
    {
        if (method == CopyMethod.Sm && buffer.DeviceAddress == 0)
        {
            throw new ArgumentException($"{MemoryKindNames.ToText(buffer.Kind)} memory cannot be reached by a kernel; SM copies need page-locked memory");
        }
    }

    /// <summary>An event that can be recorded again, like a CUDA event: a wait refers to the latest recording.</summary>
    private sealed class HostMemoryEvent : IQueueEvent
    {
        private readonly object _gate = new();
        private long _recorded;
        private long _reached;
        private long _timestamp;

        /// <summary>Counts a new recording; its operation reaches the returned generation.</summary>
        public long Arm()
        {
            lock (_gate)
            {
                return ++_recorded;
            }
        }

        public void Reach(long generation)
        {
            lock (_gate)
            {
                _timestamp = Stopwatch.GetTimestamp();
                _reached = Math.Max(_reached, generation);
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>The latest recording's generation: what a wait queued now waits for.</summary>
        public long Recorded
        {
            get
            {
                lock (_gate)
                {
                    return _recorded;
                }
            }
        }

        public void Wait() => WaitFor(Recorded);

        public void WaitFor(long generation)
        {
            lock (_gate)
            {
                while (_reached < generation)
                {
                    Monitor.Wait(_gate);
                }
            }
        }

        public bool IsReached
        {
            get
            {
                lock (_gate)
                {
                    return _reached >= _recorded;
                }
            }
        }

        public double NanosecondsSince(IQueueEvent start)
        {
            Wait();
            start.Wait();
            return (_timestamp - ((HostMemoryEvent)start)._timestamp) * 1e9 / Stopwatch.Frequency;
        }

        public void Dispose()
        {
        }
    }
}
