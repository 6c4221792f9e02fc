using System.Globalization;
using CvmBench.StagingBench;
using CvmBench.Cuda;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

// cvmbench-staging-bench: the staging benchmark for the GPU machine. Markdown on stdout, progress on stderr.
const string Usage = """
    usage: cvmbench-staging-bench [all|staging|hostcopy|grid|phases|small|budget|pieces] [options]
      staging    staged vs CUDA pageable vs pinned, H2D and D2H, per size; CPU cores used; 4 KiB vs huge pages
      hostcopy   host copy rate per thread count, regular vs non-temporal stores; first-touch rate
      grid       the staging pipeline over a grid of its options, beside pinned, H2D and D2H per size
      phases     where a staged transfer's time goes (its timeline's medians), over the same grid
      small      transfers one at a time (default 1, 4 and 16 MiB): staged back to back and after idle, with its
                 timeline's medians, beside pinned and pageable CUDA copies; CPU time with the pipeline idle
      budget     the tuner under thread budgets (--budgets) and what its picks move per copying thread (default 64, 256 MiB)
      pieces     128 pieces of 256 KiB scattered in pageable memory, one staged call against per-piece CUDA copies,
                 cuMemcpyBatchAsync and one pinned copy
      all        staging and hostcopy (the default)
    options:
      --sizes LIST      transfer sizes (default 4MiB..1GiB)
      --samples N       samples per measurement (default 5)
      --device N        CUDA device (default 0)
      --threads LIST    host copy thread counts (default 1,2,4,8,16)
      --bytes SIZE      host copy buffer size (default 1GiB)
      --csv FILE        write every transfer sample to FILE
      --chunks LIST     grid: chunk sizes (default 1MiB,2MiB,4MiB,8MiB)
      --pools LIST      grid: pool sizes in bytes (default 16MiB,64MiB)
      --streams LIST    grid: stream counts (default 2)
      --transfers N     small, budget: transfers per measurement (default 200, 9); pieces: rounds (default 30)
      --budget N        small, pieces: the tuner's thread budget (default: none)
      --fixed-threads N small, pieces: no tuner; chunk 4 MiB, pool 16, N host threads, 2 streams, chunks demoted
                        where the CPU can, so engines are compared on one configuration
      --budgets LIST    budget: thread budgets (default 2,4,8)
      --simulated GBPS  run the transfer benchmark on the simulated host-memory device paced to GBPS (0: unpaced),
                        to check the benchmark itself on a machine without a GPU; its numbers are not a GPU's
    """;

try
{
    int first = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? 1 : 0;
    string verb = first == 1 ? args[0] : "all";
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = first; i < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
        {
            throw new FormatException($"'{args[i]}' is not an option with a value");
        }
        options[args[i]] = args[i + 1];
    }
    if (verb is not ("all" or "staging" or "hostcopy" or "grid" or "phases" or "small" or "budget" or "pieces")
        || options.Keys.Any(k => k is not ("--sizes" or "--samples" or "--device" or "--threads" or "--bytes" or "--csv" or "--simulated" or "--chunks" or "--pools" or "--streams"
            or "--transfers" or "--budget" or "--budgets" or "--fixed-threads")))
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
    var sizes = Units.ParseSizes(options.GetValueOrDefault("--sizes", verb switch { "small" => "1MiB,4MiB,16MiB", "budget" => "64MiB,256MiB", _ => "4MiB..1GiB" }));
    int budget = int.Parse(options.GetValueOrDefault("--budget", "256"), CultureInfo.InvariantCulture);
    var fixedOptions = options.TryGetValue("--fixed-threads", out string? fixedThreads)
        ? new StagingOptions(ChunkBytes: 4L << 20, PoolChunks: 16, HostThreads: int.Parse(fixedThreads, CultureInfo.InvariantCulture), Streams: 2,
            DemoteChunks: Machine.Host.CanDemoteCacheLines)
        : null;
    var budgets = options.GetValueOrDefault("--budgets", "2,4,8").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
    int transfers = int.Parse(options.GetValueOrDefault("--transfers", verb switch { "small" => "200", "budget" => "9", _ => "30" }), CultureInfo.InvariantCulture);
    int samples = int.Parse(options.GetValueOrDefault("--samples", "5"), CultureInfo.InvariantCulture);
    int ordinal = int.Parse(options.GetValueOrDefault("--device", "0"), CultureInfo.InvariantCulture);
    var threads = options.GetValueOrDefault("--threads", "1,2,4,8,16").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
    long bytes = Units.ParseBytes(options.GetValueOrDefault("--bytes", "1GiB"));
    if (samples < 1 || transfers < 1 || threads.Any(t => t < 1) || budgets.Any(t => t < 1) || budget < 1)
    {
        throw new FormatException("samples, transfers, budgets and thread counts must be positive");
    }

    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## Staging benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
    Console.Out.WriteLine();
    Console.Out.WriteLine(Machine.Describe());
    if (verb is "all" or "staging")
    {
        using var csv = options.TryGetValue("--csv", out string? path) ? new StreamWriter(path) : null;
        using var device = OpenDevice(ordinal, options.GetValueOrDefault("--simulated"));
        Console.Out.Write(new TransferBenchmark(device, sizes, samples, csv).Run());
    }
    if (verb is "grid" or "phases")
    {
        using var device = OpenDevice(ordinal, options.GetValueOrDefault("--simulated"));
        var chunks = Units.ParseSizes(options.GetValueOrDefault("--chunks", "1MiB,2MiB,4MiB,8MiB"));
        var pools = Units.ParseSizes(options.GetValueOrDefault("--pools", "16MiB,64MiB"));
        var streams = options.GetValueOrDefault("--streams", "2").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
        var grid = new GridBenchmark(device, sizes, samples, chunks, pools, threads, streams);
        Console.Out.Write(verb is "grid" ? grid.Run() : grid.Phases());
    }
    if (verb is "small" or "budget" or "pieces")
    {
        using var device = OpenDevice(ordinal, options.GetValueOrDefault("--simulated"));
        Console.Out.Write(verb switch
        {
            "small" => new SmallTransferBenchmark(device, sizes, transfers, budget, fixedOptions).Run(),
            "budget" => new BudgetBenchmark(device, sizes, budgets, transfers).Run(),
            _ => new PiecesBenchmark(device, onGpu: device is CudaTransferDevice, budget, fixedOptions, 128, 256L << 10, transfers).Run(),
        });
    }
    if (verb is "all" or "hostcopy")
    {
        Console.Out.WriteLine();
        Console.Out.Write(new HostCopyBenchmark(threads, bytes).Run());
    }
    return 0;
}
catch (Exception e) when (e is FormatException or ArgumentException or DriverNotFoundException or CudaException or InsufficientMemoryException)
{
    Console.Error.WriteLine($"cvmbench-staging-bench: {e.Message}");
    return e is FormatException or ArgumentException ? 2 : 1;
}

static ITransferDevice OpenDevice(int ordinal, string? simulated)
{
    if (simulated is not null)
    {
        double rate = double.Parse(simulated, CultureInfo.InvariantCulture);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- SIMULATED host-memory device{(rate > 0 ? $", each queue paced to {rate} GB/s" : "")}: these numbers are not a GPU's"));
        return new HostMemoryDevice(linkBytesPerSecond: rate * 1e9);
    }
    var driver = CudaDriver.Load();
    var gpus = GpuInventory.Read(driver);
    if (ordinal < 0 || ordinal >= gpus.Count)
    {
        throw new FormatException($"there is no CUDA device {ordinal} ({gpus.Count} visible)");
    }
    Console.Out.WriteLine($"- GPU {ordinal}: {gpus[ordinal].Cuda.Name}, link {gpus[ordinal].CurrentLink}, CUDA driver API {driver.VersionText}");
    return new CudaTransferDevice(driver, gpus[ordinal]);
}
