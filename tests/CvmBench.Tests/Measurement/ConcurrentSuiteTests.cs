using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Tests.Measurement;

public class ConcurrentSuiteTests
{
    private static readonly MeasurementOptions Quick = new(Samples: 2, WarmupCopies: 1, BytesPerSample: 1L << 20, Host: TestHost.Facts with { LastLevelCacheBytes = 1L << 20 });

    [Fact]
    public void Every_device_runs_every_test_on_its_own_thread()
    {
        var devices = Enumerable.Range(0, 3).Select(i => (ITransferDevice)new HostMemoryDevice(i)).ToList();
        try
        {
            var tests = new[]
            {
                new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 20, 0),
                new TransferTest(HostPath.Pageable, Direction.DeviceToHost, CopyMethod.CopyEngine, 1 << 20, 0),
            };
            var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
            var outcomes = ConcurrentSuite.Run(devices, tests, Quick, r => threads[r.Test.Device] = Environment.CurrentManagedThreadId);

            Assert.Equal([0, 1, 2], outcomes.Select(o => o.Device.Ordinal));
            foreach (var outcome in outcomes)
            {
                Assert.Equal(tests.Length, outcome.Results.Count);
                Assert.All(outcome.Results, r => Assert.Equal(outcome.Device.Ordinal, r.Test.Device));
                Assert.Contains("not pinned", outcome.ThreadAffinity, StringComparison.Ordinal);
            }
            Assert.Equal(3, threads.Values.Distinct().Count());
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public void A_failure_on_one_device_stops_the_others_and_is_reported()
    {
        var devices = new List<ITransferDevice> { new HostMemoryDevice(0), new HostMemoryDevice(1, memoryBytes: 1 << 20) };
        try
        {
            var tests = Enumerable.Repeat(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 2 << 20, 0), 3).ToList();
            // Device 1 has 1 MiB of memory: its first allocation fails while device 0 waits at the barrier.
            Assert.Throws<ArgumentOutOfRangeException>(() => ConcurrentSuite.Run(devices, tests, Quick));
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
        }
    }
}
