using System.Globalization;
using CvmBench.Measurement;

namespace CvmBench.Reports.Charts;

/// <summary>A median's interval as tables write it. From 6 samples it is the distribution-free 95% confidence interval;
/// below, no 95% interval exists, so the cell gives the whole range with the confidence it really has (93.75% for 5
/// samples), and a single value has none. A column keeps its 95% name only while every row reaches 95%.</summary>
public static class MedianInterval
{
    /// <summary><paramref name="named95"/> when every one of <paramref name="rows"/> reaches 95%, else
    /// <paramref name="namedOtherwise"/>, which should say that 95% holds from 6 samples on.</summary>
    public static string Column(IEnumerable<BandwidthStatistics> rows, string named95, string namedOtherwise)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.All(s => s.CiReachesConfidence) ? named95 : namedOtherwise;
    }

    /// <summary>"12.10 - 12.40"; "12.10 - 12.40 (93.8% at n = 5)" below 6 samples; "none (one value)" for one.</summary>
    public static string Text(BandwidthStatistics stats, string separator, Func<double, string> rate)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(rate);
        if (stats.Count < 2)
        {
            return "none (one value)";
        }
        string range = $"{rate(stats.CiLow)}{separator}{rate(stats.CiHigh)}";
        return stats.CiReachesConfidence ? range : $"{range} ({Confidence(stats)} at n = {stats.Count.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary>"93.8%", "87.5%", "50%": the interval's real coverage.</summary>
    public static string Confidence(BandwidthStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return (stats.CiCoverage * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }
}
