using System.Globalization;
using System.Text;

namespace CvmBench.Cuda;

/// <summary>The kernel's CPU list notation (<c>0-15,32-47</c>), to and from CPU numbers.</summary>
public static class CpuList
{
    public static string Format(IEnumerable<int> cpus)
    {
        var sorted = cpus.Distinct().Order().ToArray();
        var text = new StringBuilder();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(CultureInfo.InvariantCulture, $"{sorted[i]}");
            if (j > i)
            {
                text.Append(CultureInfo.InvariantCulture, $"-{sorted[j]}");
            }
            i = j + 1;
        }
        return text.ToString();
    }

    /// <summary>Parses <c>0-3,8,10-11</c>. Throws <see cref="FormatException"/> on anything else.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        var cpus = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                cpus.Add(int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture));
                continue;
            }
            int first = int.Parse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
            int last = int.Parse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            if (last < first)
            {
                throw new FormatException($"CPU range '{part}' runs backwards");
            }
            for (int cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
        }
        return cpus;
    }

    /// <summary>CPU numbers from a bit mask in 64-bit words (bit i of word w is CPU 64w + i), as NVML returns affinity.</summary>
    public static IReadOnlyList<int> FromMask(ReadOnlySpan<ulong> words)
    {
        var cpus = new List<int>();
        for (int w = 0; w < words.Length; w++)
        {
            for (int bit = 0; bit < 64; bit++)
            {
                if ((words[w] & (1UL << bit)) != 0)
                {
                    cpus.Add(w * 64 + bit);
                }
            }
        }
        return cpus;
    }
}
