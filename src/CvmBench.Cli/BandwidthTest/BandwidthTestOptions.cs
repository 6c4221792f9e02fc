using System.Globalization;
using CvmBench.Cli.Measuring;
using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Cli.BandwidthTest;

/// <summary>The removed cuda-samples bandwidthTest's command line, parsed as it parsed it (<c>--name=value</c> or
/// <c>-name=value</c>, flags by name), but with every bad value rejected instead of ignored.</summary>
internal sealed record BandwidthTestOptions(
    bool Help,
    bool Csv,
    HostPath Memory,
    bool WriteCombined,
    string Device,
    BandwidthTestMode Mode,
    bool HostToDevice,
    bool DeviceToHost,
    bool DeviceToDevice,
    bool CpuTiming,
    long Start,
    long End,
    long Increment,
    string? Store,
    bool Simulate,
    int? StagingThreads = null,
    int SealedSegmentBytes = SealedLayout.DefaultSegmentBytes)
{
    /// <summary>bandwidthTest's quick-mode size: 32 MB (decimal).</summary>
    public const long QuickSize = 32_000_000;
    private const long DefaultIncrement = 4_000_000;

    private static readonly HashSet<string> Flags = ["help", "csv", "htod", "dtoh", "dtod", "wc", "cputiming", "simulate"];
    private static readonly HashSet<string> Valued = ["memory", "device", "mode", "start", "end", "increment", "store", "staging-threads", "sealed-segment"];

    /// <exception cref="UsageException">An unknown option, a missing or bad value, or a conflict.</exception>
    public static BandwidthTestOptions Parse(IReadOnlyList<string> args)
    {
        var flags = new HashSet<string>();
        var values = new Dictionary<string, string>();
        foreach (string arg in args)
        {
            if (!arg.StartsWith('-'))
            {
                throw new UsageException($"bandwidthtest: unexpected argument '{arg}' (options look like --memory=pinned)");
            }
            string body = arg.TrimStart('-');
            int equals = body.IndexOf('=', StringComparison.Ordinal);
            string name = (equals < 0 ? body : body[..equals]).ToLowerInvariant();
            if (name == "h")
            {
                name = "help";
            }
            if (Flags.Contains(name) && equals < 0)
            {
                flags.Add(name);
            }
            else if (Valued.Contains(name))
            {
                if (equals < 0 || equals == body.Length - 1)
                {
                    throw new UsageException($"bandwidthtest: --{name} needs a value, as in --{name}=...");
                }
                values[name] = body[(equals + 1)..];
            }
            else
            {
                throw new UsageException($"bandwidthtest: unknown option '{arg}' (see cvmbench bandwidthtest --help)");
            }
        }

        var memory = values.GetValueOrDefault("memory", "pinned") switch
        {
            "pinned" => HostPath.Pinned,
            "pageable" => HostPath.Pageable,
            "staged" => HostPath.Staged,
            "sealed" => HostPath.Sealed,
            string other => throw new UsageException($"bandwidthtest: invalid memory mode '{other}' - valid modes are pageable, pinned, staged or sealed"),
        };
        bool wc = flags.Contains("wc");
        if (wc && memory != HostPath.Pinned)
        {
            throw new UsageException("bandwidthtest: --wc applies to pinned memory only");
        }
        var mode = values.GetValueOrDefault("mode", "quick") switch
        {
            "quick" => BandwidthTestMode.Quick,
            "range" => BandwidthTestMode.Range,
            "shmoo" => BandwidthTestMode.Shmoo,
            string other => throw new UsageException($"bandwidthtest: invalid mode '{other}' - valid modes are quick, range, or shmoo"),
        };
        long start = QuickSize, end = QuickSize, increment = DefaultIncrement;
        if (mode == BandwidthTestMode.Range)
        {
            start = Size(values, "start");
            end = Size(values, "end");
            increment = Size(values, "increment");
            if (start > end)
            {
                throw new UsageException("bandwidthtest: illegal argument - start is greater than end");
            }
            long count = (end - start) / increment + 1;
            if (count > Units.MaxSizes)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"bandwidthtest: --start={start} --end={end} --increment={increment} gives {count} sizes; at most {Units.MaxSizes} are measured at once"));
            }
        }
        else if (values.Keys.FirstOrDefault(k => k is "start" or "end" or "increment") is { } stray)
        {
            throw new UsageException($"bandwidthtest: --{stray} applies to --mode=range only");
        }

        int? stagingThreads = null;
        if (values.TryGetValue("staging-threads", out string? threads))
        {
            if (memory is not (HostPath.Staged or HostPath.Sealed))
            {
                throw new UsageException("bandwidthtest: --staging-threads applies to --memory=staged or sealed only");
            }
            if (!int.TryParse(threads, NumberStyles.None, CultureInfo.InvariantCulture, out int budget))
            {
                throw new UsageException($"bandwidthtest: --staging-threads={threads} is not a whole number of threads");
            }
            stagingThreads = budget;
        }

        int segment = SealedLayout.DefaultSegmentBytes;
        if (values.TryGetValue("sealed-segment", out string? segmentText))
        {
            if (memory != HostPath.Sealed)
            {
                throw new UsageException("bandwidthtest: --sealed-segment applies to --memory=sealed only");
            }
            segment = MeasuringOptions.CheckSealedSegment(segmentText, "bandwidthtest: --sealed-segment");
        }

        bool htod = flags.Contains("htod"), dtoh = flags.Contains("dtoh"), dtod = flags.Contains("dtod");
        if (!htod && !dtoh && !dtod)
        {
            htod = dtoh = dtod = true;
        }
        return new BandwidthTestOptions(flags.Contains("help"), flags.Contains("csv"), wc ? HostPath.WriteCombined : memory, wc,
            values.GetValueOrDefault("device", "0"), mode, htod, dtoh, dtod, flags.Contains("cputiming"), start, end, increment, values.GetValueOrDefault("store"),
            flags.Contains("simulate"), stagingThreads, segment);
    }

    /// <summary>The sizes this mode measures, as bandwidthTest chose them.</summary>
    public IReadOnlyList<long> Sizes()
    {
        switch (Mode)
        {
            case BandwidthTestMode.Quick:
                return [QuickSize];
            case BandwidthTestMode.Range:
                long count = 1 + (End - Start) / Increment;
                return Enumerable.Range(0, (int)count).Select(i => Start + i * Increment).ToList();
            default:
                return ShmooSizes();
        }
    }

    /// <summary>Shmoo mode: 1 KB steps to 20 KB, 2 KB to 50 KB, 10 KB to 100 KB, 100 KB to 1 MB, 1 MB to 16 MB,
    /// 2 MB to 32 MB, 4 MB to 64 MB (and one past it, as the original loop does): 81 sizes.</summary>
    public static IReadOnlyList<long> ShmooSizes()
    {
        var sizes = new List<long>();
        for (long size = 0; size <= 64_000_000;)
        {
            size += size switch
            {
                < 20_000 => 1_000,
                < 50_000 => 2_000,
                < 100_000 => 10_000,
                < 1_000_000 => 100_000,
                < 16_000_000 => 1_000_000,
                < 32_000_000 => 2_000_000,
                _ => 4_000_000,
            };
            sizes.Add(size);
        }
        return sizes;
    }

    private static long Size(Dictionary<string, string> values, string name)
    {
        if (!values.TryGetValue(name, out string? text))
        {
            throw new UsageException($"bandwidthtest: must specify --{name}= in range mode");
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw new UsageException($"bandwidthtest: --{name}={text} is not a whole number of bytes");
        }
        if (value <= 0)
        {
            throw new UsageException($"bandwidthtest: illegal argument - {name} must be greater than zero");
        }
        return value;
    }
}

/// <summary>bandwidthTest's size modes.</summary>
internal enum BandwidthTestMode
{
    Quick,
    Range,
    Shmoo,
}
