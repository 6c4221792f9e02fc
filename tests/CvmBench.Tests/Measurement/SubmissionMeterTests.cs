using CvmBench.Measurement;
using CvmBench.Tests.Emulation;
using CvmBench.Transfers;

namespace CvmBench.Tests.Measurement;

public class SubmissionMeterTests
{
    [Fact]
    public void Submissions_are_timed_per_chunk_on_one_queue_from_one_pinned_pool()
    {
        using var device = new ObservedDevice(new HostMemoryDevice());
        var result = new SubmissionMeter(device, samples: 3).MeasureChunkSubmission(256 << 10);

        Assert.Equal((OperationKind.StagingSubmit, "h2d", 256L << 10), (result.Test.Operation, result.Test.Variant, result.Test.Bytes));
        Assert.Equal(3, result.Samples.Count);
        // A sample is a run of chunks; its median is per chunk.
        Assert.All(result.Samples, s => Assert.Equal(0, s.Bytes % (256 << 10)));
        Assert.True(result.Samples[0].Bytes > 256 << 10);
        Assert.Equal((1, 1), (device.PinnedAllocations, device.Queues));
    }
}
