using CvmBench.Transfers;

namespace CvmBench.Model;

/// <summary>Where one strategy overtakes another, and how large a batch needs to be.</summary>
public static class BreakEven
{
    /// <summary>The smallest whole reuse count at which convert-once is faster per transfer than bounce for
    /// <paramref name="bytes"/>; null when it never is (bounce is already as fast as pinned memory).</summary>
    public static double? ReusesToBeatBounce(PlatformProfile platform, Direction direction, double bytes, ModelParameters p)
    {
        double bounce = TransferModel.Seconds(platform, TransferStrategy.Bounce, direction, bytes, p);
        double pinned = TransferModel.Seconds(platform, TransferStrategy.Pinned, direction, bytes, p);
        double once = PageConversionModel.Registration(bytes, p) + PageConversionModel.RoundTrip(platform, bytes, p).Total;
        double gap = bounce - pinned;
        // pinned + once / n < bounce  <=>  n > once / gap
        return gap > 0 ? Math.Floor(once / gap) + 1 : null;
    }

    /// <summary>Throughput in bytes/s of an endless stream converted in batches of <paramref name="batchPages"/>:
    /// the slower of the conversion lock and the copy engine, per batch.</summary>
    public static double StreamingRate(PlatformProfile platform, Direction direction, double batchPages, ModelParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double batch = batchPages * PageConversionModel.PageBytes;
        double convert = PageConversionModel.RoundTrip(platform, batch, p).Total;
        return batch / Math.Max(convert, batch / p.Machine.DmaRate(direction));
    }

    /// <summary>The streaming rate as batches grow without bound: what per-page work and the link allow once every
    /// per-call cost is amortized.</summary>
    public static double StreamingAsymptote(PlatformProfile platform, Direction direction, ModelParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        // Beyond the largest piece (1 GiB) every count is proportional to the bytes, so the cost is affine in them
        // and its slope is the cost per byte that no batch amortizes.
        const double Large = 1L << 40;
        double perByte = (PageConversionModel.RoundTrip(platform, 2 * Large, p).Total
            - PageConversionModel.RoundTrip(platform, Large, p).Total) / Large;
        return 1 / Math.Max(perByte, 1 / p.Machine.DmaRate(direction));
    }

    /// <summary>The smallest whole batch (in pages) whose streaming rate reaches <paramref name="share"/> of the
    /// asymptote. Batching never lowers the streaming rate, so a doubling search and a bisection find it.</summary>
    public static long BatchPagesToReach(PlatformProfile platform, Direction direction, double share, ModelParameters p)
    {
        if (!(share is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "a share of the asymptote is between 0 and 1");
        }
        double target = share * StreamingAsymptote(platform, direction, p);
        bool Reaches(long pages) => StreamingRate(platform, direction, pages, p) >= target;
        long high = 1;
        while (!Reaches(high))
        {
            high *= 2;
        }
        long low = high / 2; // does not reach (or is 0)
        while (high - low > 1)
        {
            long middle = low + (high - low) / 2;
            if (Reaches(middle))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }
        return high;
    }
}
