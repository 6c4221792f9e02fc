using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CvmBench.Cli.Measuring;
using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Platform;
using CvmBench.Storage;
using CvmBench.Transfers;
using Spectre.Console;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench convert</c>: what making host memory DMA-able costs here, and the host rates the cost model
/// takes, stored as a run that <c>model --calibrate-from</c> and <c>emulate</c> read.</summary>
internal static class ConvertCommand
{
    private static readonly string[] CalibratedNames =
        ["register.perPage", "register.perCall", "host.copyRatePerThread", "staging.copyRatePerThread", "cc.aesGcmRatePerCore", "cc.tagCost"];

    public static Command Create()
    {
        var sizes = new Option<string>("--sizes") { Description = $"Sizes as a list (4KiB,1MiB) or a range (4KiB..1GiB doubles; :x4 for another factor); at most {Units.MaxSizes:N0} sizes.", DefaultValueFactory = _ => "4KiB..1GiB" };
        var pages = new Option<string>("--pages") { Description = "Page sizes of the registered memory: 4KiB, 2MiB (hugetlb where a pool has room, else transparent huge pages).", DefaultValueFactory = _ => "4KiB,2MiB" };
        var samples = new Option<int>("--samples") { Description = $"Timed calls per operation and size (at most {MeasuringOptions.MaxCount:N0}); the median is reported.", DefaultValueFactory = _ => 7 };
        var threads = new Option<string>("--threads") { Description = "Thread counts for the AES-GCM and memcpy rates (comma-separated). Default: 1, 2, 4, ... up to the CPUs." };
        var device = new Option<string>("--device") { Description = "GPU number.", DefaultValueFactory = _ => "0" };
        var simulate = new Option<bool>("--simulate") { Description = "Use the simulated host-memory device (registration does nothing there; results are labelled simulated)." };
        var json = new Option<bool>("--json") { Description = "Print the run as JSON instead of tables." };
        var store = StoreOption.Create();
        var command = new Command("convert",
            "Measure the latency of making host memory DMA-able and undoing it (cuMemHostRegister/Unregister of touched and untouched " +
            "pageable memory on 4 KiB and 2 MiB pages, cuMemHostAlloc/FreeHost) against size, fit a fixed plus per-page cost to each, and " +
            "measure AES-GCM and memcpy rates per thread and across threads; stored as a run the model calibrates from.")
        {
            sizes, pages, samples, threads, device, simulate, json, store,
        };
        command.SetAction((parse, cancellation) =>
        {
            var sizeList = Units.ParseSizes(parse.GetValue(sizes)!);
            var pageList = ParsePages(parse.GetValue(pages)!);
            int sampleCount = MeasuringOptions.Within(parse.GetValue(samples), 1, MeasuringOptions.MaxCount, "--samples");
            var threadCounts = ParseThreads(parse.GetValue(threads));
            string deviceSpec = parse.GetValue(device)!;
            if (string.Equals(deviceSpec, "all", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException("convert measures one GPU; give its number");
            }
            var machine = MachineReading.ReadLive();
            long available = machine.Host.MemoryAvailableBytes;
            if (available > 0 && sizeList.Max() > available / 2)
            {
                throw new UsageException($"{Units.FormatBytes(sizeList.Max())} needs more host memory than is available ({Units.FormatBytes(available)})");
            }
            using var devices = DeviceSet.Open(deviceSpec, parse.GetValue(simulate));
            var target = devices.Devices[0];
            using var results = StoreOption.Open(parse, store, create: true);
            var plan = new ConversionPlan(sizeList, pageList, sampleCount, threadCounts, HostCopyDestination(machine.Host),
                BounceStaging.PoolBytes(PlatformProfile.Vm, ModelParameters.Defaults));
            var progress = new ConsoleProgress($"conversion latencies and host rates on {target.Description.Name}{(devices.Simulated ? " (SIMULATED)" : "")}");
            var sink = new StoredRunSink(results);
            var run = progress.Watch(sink, () => ConversionSuite.Run(parse.Tokens.Select(t => t.Value).ToArray(), target, plan, machine, sink, progress, cancellation), r => r);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord));
            }
            else
            {
                Render(run);
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>memcpy goes into an area the size of this machine's swiotlb pool, where a confidential VM would bounce
    /// (and, as a staging copy, into one the size of the plain VM's staging pool: <see cref="BounceStaging"/>).</summary>
    private static long HostCopyDestination(HostFacts host)
    {
        var swiotlb = ModelParameters.Defaults.Swiotlb;
        long total = host.MemoryTotalBytes;
        return (long)swiotlb.PoolBytes(total > 0 ? total : swiotlb.PoolMinBytes / swiotlb.PoolShare);
    }

    private static List<bool> ParsePages(string text)
    {
        var pages = new List<bool>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            pages.Add(Units.ParseBytes(item) switch
            {
                4096 => false,
                2L << 20 => true,
                _ => throw new UsageException($"--pages takes 4KiB and 2MiB (got '{item}')"),
            });
        }
        return pages.Count > 0 ? [.. pages.Distinct()] : throw new UsageException("no page size given");
    }

    internal static IReadOnlyList<int> ParseThreads(string? text)
    {
        if (text is null)
        {
            var counts = new List<int>();
            for (int t = 1; t < Environment.ProcessorCount; t *= 2)
            {
                counts.Add(t);
            }
            counts.Add(Environment.ProcessorCount);
            return counts;
        }
        var list = new List<int>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int t) || t < 1 || t > 1024)
            {
                throw new UsageException($"--threads takes thread counts from 1 to 1024 (got '{item}')");
            }
            list.Add(t);
        }
        return list.Count > 0 ? [.. list.Distinct()] : throw new UsageException("no thread count given");
    }

    private static void Render(RunRecord run)
    {
        var console = Terminal.Out;
        string simulated = run.Simulated ? "SIMULATED (host memory, not a GPU; registration does nothing): " : "";
        var conversions = run.Operations.Where(o => OperationNames.IsConversion(o.Test.Operation)).ToList();
        var series = conversions.Select(o => (o.Test.Operation, o.Test.Variant)).Distinct().ToList();
        var latency = new Table().Border(TableBorder.Simple).Title(Markup.Escape($"{simulated}making host memory DMA-able: median latency in us"));
        latency.AddColumn(new TableColumn("size").RightAligned());
        foreach (var (operation, variant) in series)
        {
            latency.AddColumn(new TableColumn(Markup.Escape($"{OperationNames.ToText(operation)} {variant}")).RightAligned());
        }
        foreach (var row in conversions.GroupBy(o => o.Test.Bytes).OrderBy(g => g.Key))
        {
            latency.AddRow([Units.FormatBytes(row.Key), .. series.Select(s =>
                row.FirstOrDefault(o => (o.Test.Operation, o.Test.Variant) == s) is { } o ? F(o.MedianSeconds * 1e6, 1) : "-")]);
        }
        console.Write(latency);

        var fits = new Table().Border(TableBorder.Simple).Title("fixed cost + cost per 4 KiB page, least squares weighted by 1/latency^2 over the sizes");
        foreach (string column in new[] { "operation", "pages", "fixed us", "per page us", "R^2", "sizes" })
        {
            fits.AddColumn(new TableColumn(column).RightAligned());
        }
        fits.Columns[0].LeftAligned();
        foreach (var (operation, variant) in series)
        {
            var points = conversions.Where(o => (o.Test.Operation, o.Test.Variant) == (operation, variant))
                .Select(o => (o.Test.Bytes / 4096.0, o.MedianSeconds)).ToList();
            if (points.Select(p => p.Item1).Distinct().Count() < 2)
            {
                continue;
            }
            var fit = LinearFit.Relative(points);
            fits.AddRow(Markup.Escape(OperationNames.ToText(operation)), Markup.Escape(variant), F(fit.Intercept * 1e6, 2), F(fit.Slope * 1e6, 4), F(fit.RSquared, 4), $"{fit.Points}");
        }
        console.Write(fits);

        var rates = run.Operations.Where(o => !OperationNames.IsConversion(o.Test.Operation)).GroupBy(o => o.Test.Threads).OrderBy(g => g.Key).ToList();
        if (rates.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape($"{simulated}host rates, GB/s (1e9 bytes/s): all threads together / per thread"));
            var columns = rates.SelectMany(g => g).Select(o => (o.Test.Operation, o.Test.Variant)).Distinct().ToList();
            table.AddColumn(new TableColumn("threads").RightAligned());
            foreach (var (operation, variant) in columns)
            {
                table.AddColumn(new TableColumn(Markup.Escape($"{OperationNames.ToText(operation)} {variant}")).RightAligned());
            }
            foreach (var group in rates)
            {
                table.AddRow([$"{group.Key}", .. columns.Select(c => group.FirstOrDefault(o => (o.Test.Operation, o.Test.Variant) == c) is { } o
                    ? $"{F(o.MedianBytesPerSecond / 1e9, 2)} / {F(o.MedianBytesPerSecond / 1e9 / group.Key, 2)}" : "-")]);
            }
            console.Write(table);
        }
        if (run.Simulated)
        {
            console.WriteLine("A simulated run does not calibrate the model.");
            return;
        }
        var measured = Calibration.FromRun(run);
        var parameters = Calibration.Apply(ParameterSet.Defaults, measured);
        var taken = CalibratedNames
            .Where(name => parameters[name].Source.StartsWith("measured", StringComparison.Ordinal))
            .Select(name => $"{name} = {QuantityText.Significant(parameters[name].Value)} {parameters[name].Unit}")
            .ToList();
        console.WriteLine(taken.Count == 0
            ? "Nothing here calibrates the model (it needs two sizes of touched 4 KiB registration, or a rate)."
            : $"cvmbench model --calibrate-from {run.Id[..8]} takes: {string.Join("; ", taken)}");
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
