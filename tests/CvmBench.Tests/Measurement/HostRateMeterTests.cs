using CvmBench.Measurement;

namespace CvmBench.Tests.Measurement;

public class HostRateMeterTests
{
    [Fact]
    public void The_copy_into_a_staging_pool_that_stays_in_cache_is_its_own_operation_beside_the_copy_into_a_large_area()
    {
        var meter = new HostRateMeter(samples: 2, cacheBytes: 1L << 20, device: 0);
        var large = meter.HostCopy(threads: 1, destinationBytes: 256L << 20);
        var staging = meter.StagingCopy(threads: 2, destinationBytes: 32L << 20);

        Assert.Equal((OperationKind.HostCopy, "into 256 MiB", 1), (large.Test.Operation, large.Test.Variant, large.Test.Threads));
        Assert.Equal((OperationKind.StagingCopy, "into 32 MiB", 2), (staging.Test.Operation, staging.Test.Variant, staging.Test.Threads));
        Assert.Contains("a staging pool that stays in cache", staging.Method, StringComparison.Ordinal);
        Assert.All(staging.Samples, s => Assert.Equal(2 * meter.SourceBytesPerThread(2), s.Bytes));
    }
}
