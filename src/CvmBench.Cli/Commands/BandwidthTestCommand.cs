using System.CommandLine;
using CvmBench.Cli.BandwidthTest;
using CvmBench.Cli.Measuring;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Storage;
using CvmBench.Transfers;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench bandwidthtest</c>: a drop-in for the removed cuda-samples bandwidthTest: its options and its
/// text and CSV output, with the methodology fixed.</summary>
internal static class BandwidthTestCommand
{
    public const string Name = "bandwidthtest";

    public const string Help = """
        Usage:  cvmbench bandwidthtest [OPTION]...
        A drop-in for cuda-samples bandwidthTest (removed in CUDA 12.9): the same options, the same text and CSV output.

        Options (as bandwidthTest; --name=value or -name=value):
        --help                  Display this help menu
        --csv                   Print results as a CSV
        --device=[deviceno]     Specify the device to be used
          all - compute cumulative bandwidth on all the devices (run concurrently)
          0,1,2,...,n - Specify any particular device to be used
        --memory=[MEMMODE]      Specify which memory mode to use
          pageable - pageable memory
          pinned   - non-pageable system memory
          staged   - pageable memory through CvmBench's staging pipeline (a CvmBench addition)
          sealed   - as staged, sealed with AES-256-GCM on the host and opened on the GPU (a CvmBench addition)
        --mode=[MODE]           Specify the mode to use
          quick - performs a quick measurement (32,000,000 bytes)
          range - measures a user-specified range of values
          shmoo - performs an intense shmoo of a large range of values (81 sizes, 1 KB to 68 MB)
        --htod                  Measure host to device transfers
        --dtoh                  Measure device to host transfers
        --dtod                  Measure device to device transfers
        --wc                    Allocate pinned memory as write-combined
        --cputiming             Force CPU-based timing always
        Range mode options
        --start=[SIZE]          Starting transfer size in bytes
        --end=[SIZE]            Ending transfer size in bytes
        --increment=[SIZE]      Increment size in bytes
        CvmBench additions
        --store=[STORE]         Where the run is stored: an SQLite file or a PostgreSQL connection string
                                (default: the results store, see cvmbench --help)
        --simulate              Measure a simulated host-memory device instead of a GPU (to try the tool without
                                one; the device names and the closing NOTE say SIMULATED, the stored run is marked)
        --staging-threads=[N]   With --memory=staged or sealed: the most host threads the pipeline may use
                                (1 to this machine's CPUs; default: as many as its tuner finds useful)
        --sealed-segment=[SIZE] With --memory=sealed: plain bytes per AES-GCM tag, a power of two from 4KiB to
                                16MiB (default 64KiB)
        Range mode measures at most 1000 sizes.

        How this differs from bandwidthTest (every departure):
        - Warm-up: 4 untimed copies before each size (the original timed its first copy).
        - Statistics: the figure is the median of 10 samples, each of up to 128 copies (the original took one
          measurement of 100 copies).
        - Pinned timing: copies are queued behind a held stream and released together, so enqueue cost is outside the
          timed window (the original timed the enqueue loop too).
        - Pageable timing: the wall clock around the copies, as the original; cache reuse is avoided by rotating host
          buffers over twice the last-level cache instead of a 256 MiB memset between copies.
        - Verification: the bytes that arrived are compared with a random pattern; a mismatch prints Result = FAIL and
          exits 1 (the original never checked).
        - --device=all runs every GPU at the same time, each from its own host thread pinned near it, and sums the
          concurrent medians (the original ran them one after another and summed).
        - Bad input is an error (one line, exit 2): an unknown option, a bad value, a device that does not exist (the
          original ignored unknown options and fell back to device 0), --wc with pageable memory, range options
          outside range mode.
        - Device-to-device bandwidth counts bytes read plus bytes written, as the original did (twice the copy size).
        - The closing NOTE line names CvmBench; progress and the stored run's location go to stderr.
        - Every invocation is kept as a run in the results store (--store=STORE to choose it), for report and compare.
        """;

    /// <summary>Listed in --help; its arguments never reach this parser (see <see cref="CommandRunner"/>).</summary>
    public static Command Create()
    {
        var passthrough = new Argument<string[]>("options") { Description = "bandwidthTest options, e.g. --memory=pinned --mode=range --start=1024 --end=102400 --increment=1024 --dtoh" };
        return new Command(Name, "Run the removed cuda-samples bandwidthTest's measurements with its options and output, methodology fixed (see 'cvmbench bandwidthtest --help').")
        {
            passthrough,
        };
    }

    /// <param name="args">bandwidthTest's options.</param>
    /// <param name="cancellation">Stops between samples.</param>
    public static int Run(IReadOnlyList<string> args, CancellationToken cancellation)
    {
        var options = BandwidthTestOptions.Parse(args);
        if (options.Help)
        {
            Console.Out.Write(Help);
            return ExitCodes.Success;
        }

        var sizes = options.Sizes();
        var directions = new List<Direction>();
        if (options.HostToDevice) directions.Add(Direction.HostToDevice);
        if (options.DeviceToHost) directions.Add(Direction.DeviceToHost);
        if (options.DeviceToDevice) directions.Add(Direction.DeviceToDevice);
        var tests = directions.SelectMany(d => sizes.Select(size => new TransferTest(options.Memory, d, CopyMethod.CopyEngine, size, 0))).ToList();

        var machine = MachineReading.ReadLive();
        int? stagingThreads = MeasuringOptions.CheckStagingThreads(options.StagingThreads, machine.Host, "bandwidthtest: --staging-threads");
        using var devices = DeviceSet.Open(options.Device, options.Simulate);
        devices.CheckFits(sizes.Max(), deviceBuffers: 2, machine.Host);
        bool all = devices.Devices.Count > 1 || string.Equals(options.Device, "all", StringComparison.OrdinalIgnoreCase);
        var stdout = Console.Out;
        stdout.Write(BandwidthTestReport.Header(devices.Devices.Select(d => (d.Description.Ordinal, d.Description.Name)).ToList(), all, options.Mode));

        IReadOnlyList<DeviceOutcome> outcomes;
        try
        {
            using var store = ResultStore.Open(options.Store ?? ResultStorePath.Default(), create: true);
            outcomes = SuiteExecution.Execute([Name, .. args], devices, tests, new MeasurementOptions(machine.Host, StagingThreadBudget: stagingThreads, SealedSegmentBytes: options.SealedSegmentBytes), machine, store, cancellation).Outcomes;
        }
        catch (VerificationException e)
        {
            Console.Error.WriteLine($"cvmbench: {e.Message}");
            stdout.Write(BandwidthTestReport.Footer(passed: false, devices.Simulated));
            return ExitCodes.Failure;
        }

        if (options.Mode == BandwidthTestMode.Shmoo)
        {
            // The original printed a dot per size while it ran, then a newline.
            stdout.Write(new string('.', sizes.Count * devices.Devices.Count) + "\n");
        }
        foreach (var direction in directions)
        {
            var rows = sizes.Select(size => (size, outcomes.Sum(o => Rate(o.Results.First(r => r.Test.Direction == direction && r.Test.Bytes == size), options.CpuTiming)))).ToList();
            stdout.Write(options.Csv
                ? BandwidthTestReport.Csv(rows, direction, options.Memory, outcomes.Count, options.WriteCombined)
                : BandwidthTestReport.Readable(rows, direction, options.Memory, outcomes.Count, options.WriteCombined));
        }
        stdout.Write(BandwidthTestReport.Footer(passed: true, devices.Simulated));
        return ExitCodes.Success;
    }

    /// <summary>The median in bandwidthTest's units; device-to-device counts the bytes read and written, as it did.</summary>
    private static double Rate(TestResult result, bool cpuTiming)
    {
        double median = cpuTiming ? result.WallBandwidth.Median : result.Bandwidth.Median;
        return result.Test.Direction == Direction.DeviceToDevice ? 2 * median : median;
    }
}
