using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using CvmBench.Cli.Measuring;
using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Platform;
using CvmBench.Reports.Charts;
using CvmBench.Storage;
using CvmBench.Transfers.Staging;
using CvmBench.Transfers;
using Spectre.Console;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench emulate</c>: each strategy run for real on this machine's GPU with a platform's other costs
/// injected, beside the model's prediction calibrated from the same run.</summary>
internal static class EmulateCommand
{
    private static readonly string Threshold = string.Create(CultureInfo.InvariantCulture, $"{ModelCheck.Threshold * 100:F0}%");

    public static Command Create()
    {
        var platforms = new Option<string>("--platform") { Description = "Platforms to emulate: vm, tdx, snp, snp-ideal (the seed's page flip), cc (H100 CC mode) (comma-separated).", DefaultValueFactory = _ => "vm,tdx,snp,snp-ideal,cc" };
        var costs = new Option<string>("--costs") { Description = "modeled (inject the platform's costs), zero (injection points, every cost zero), none (the plain strategy) (comma-separated); zero and none together are measured paired, against 3%.", DefaultValueFactory = _ => "modeled" };
        var sizes = new Option<string>("--sizes") { Description = $"Transfer sizes: a list (4KiB,1MiB) or a range (4KiB..1GiB doubles; :x4 for another factor); at most {Units.MaxSizes:N0} sizes.", DefaultValueFactory = _ => "4KiB..1GiB:x4" };
        var direction = new Option<string>("--direction") { Description = "Directions: h2d, d2h (comma-separated).", DefaultValueFactory = _ => "h2d,d2h" };
        var samples = new Option<int>("--samples") { Description = $"Timed samples per case and size (at most {MeasuringOptions.MaxCount:N0}); the median is reported. With --costs zero,none: pairs, zero-cost and plain alternating on one instance.", DefaultValueFactory = _ => 5 };
        var reuse = new Option<int>("--reuse") { Description = $"Transfers per conversion in convert-once (at most {MeasuringOptions.MaxCount:N0}).", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "Host threads of the staging engine when bouncing (1: as swiotlb, which copies on the thread that maps).", DefaultValueFactory = _ => 1 };
        var parameters = new Option<string?>("--parameters") { Description = "A model parameter file overriding the defaults (the injected costs come from it).", HelpName = "FILE" };
        var set = new Option<string[]>("--set") { Description = "Set one model parameter, in its unit (repeatable): --set tdx.acceptPiece=8.", HelpName = "NAME=VALUE" };
        var output = new Option<string?>("--out") { Description = "Write the model-against-hardware plots (PNG and SVG), the comparison as CSV and the calibrated parameters into this directory.", HelpName = "DIR" };
        var device = new Option<string>("--device") { Description = "GPU number.", DefaultValueFactory = _ => "0" };
        var simulate = new Option<bool>("--simulate") { Description = "Use the simulated host-memory device (results are labelled simulated)." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip checking the bytes that arrived (not recommended)." };
        var json = new Option<bool>("--json") { Description = "Print the run as JSON instead of tables." };
        var fromRun = new Option<string?>("--from-run")
        {
            Description = "Measure nothing: compare a stored emulate run (its id, or a run's JSON file) with the model again, with --parameters and --set as given.",
            HelpName = "RUN",
        };
        var store = StoreOption.Create();
        var command = new Command("emulate",
            "Run each transfer strategy for real on this GPU (bounce through the staging engine with swiotlb's limits, register-convert-DMA-" +
            "convert-unregister per transfer, convert once and reuse, AES-GCM encrypted bounce) with the platform's costs this machine cannot " +
            "produce (exits, ACCEPT, flushes) injected as busy waits where they occur; the model, calibrated from the same run, beside every result.")
        {
            platforms, costs, sizes, direction, samples, reuse, threads, parameters, set, output, device, simulate, noVerify, json, fromRun, store,
        };
        command.SetAction((parse, cancellation) =>
        {
            var assignments = parse.GetValue(set) ?? [];
            if (parse.GetValue(fromRun) is string stored)
            {
                // Analysis only: the stored run's machine is not this one, so its memory comes from the defaults or --set.
                var run = InputFiles.LoadRun(parse, store, stored);
                if (!run.Operations.Any(o => o.Test.Operation == OperationKind.EmulatedTransfer))
                {
                    throw new UsageException($"run {run.Id[..Math.Min(8, run.Id.Length)]} holds no emulated transfer: --from-run takes a run of cvmbench emulate");
                }
                PrepareOutput(parse, output);
                Report(parse, run, BaseParameters(parse.GetValue(parameters), assignments, thisMachine: null), assignments, output, json);
                return Task.FromResult(ExitCodes.Success);
            }
            var plan = new EmulationPlan(
                Platforms: ParseList<PlatformProfile>(parse.GetValue(platforms)!, "platform", text => PlatformProfileNames.TryParse(text, out var p) && p != PlatformProfile.BareMetal ? p : null),
                Costs: ParseList<InjectedCosts>(parse.GetValue(costs)!, "costs", text => EmulationNames.TryParse(text, out InjectedCosts c) ? c : (InjectedCosts?)null),
                Directions: ParseList<Direction>(parse.GetValue(direction)!, "direction", text => DirectionNames.TryParse(text, out var d) && d != Direction.DeviceToDevice ? d : null),
                Sizes: Units.ParseSizes(parse.GetValue(sizes)!),
                Reuses: MeasuringOptions.Within(parse.GetValue(reuse), 1, MeasuringOptions.MaxCount, "--reuse"));
            if (plan.Platforms.Contains(PlatformProfile.H100Cc) && !AesGcm.IsSupported)
            {
                Console.Error.WriteLine("cvmbench: skipped cc: AES-GCM is not available on this machine (System.Security.Cryptography needs OpenSSL)");
                plan = plan with { Platforms = [.. plan.Platforms.Where(p => p != PlatformProfile.H100Cc)] };
                if (plan.Platforms.Count == 0)
                {
                    throw new UsageException("cc needs AES-GCM, which is not available on this machine (System.Security.Cryptography needs OpenSSL)");
                }
            }
            var machine = MachineReading.ReadLive();
            var options = new EmulationOptions(
                EmulationOptions.Defaults(machine.Host) with
                {
                    Samples = MeasuringOptions.Within(parse.GetValue(samples), 1, MeasuringOptions.MaxCount, "--samples"),
                    Verify = !parse.GetValue(noVerify),
                },
                BounceThreads: MeasuringOptions.Within(parse.GetValue(threads), 1, StagingOptions.MaxThreads, "--threads"));
            string deviceSpec = parse.GetValue(device)!;
            if (string.Equals(deviceSpec, "all", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException("emulate drives one GPU; give its number");
            }
            var injected = BaseParameters(parse.GetValue(parameters), assignments, thisMachine: machine.Host);
            using var devices = DeviceSet.Open(deviceSpec, parse.GetValue(simulate));
            var target = devices.Devices[0];
            if (EmulationSession.Misfit(target, plan, options, injected) is string misfit)
            {
                throw new UsageException(misfit);
            }
            PrepareOutput(parse, output);
            RunRecord measured;
            using (var results = StoreOption.Open(parse, store, create: true))
            {
                measured = Measure(parse.Tokens.Select(t => t.Value).ToArray(), devices.Simulated, RunEnvironment.Of(machine.Profile), results,
                    new EmulationSession(target, plan, options, injected), target.Description.Name, cancellation);
            }
            Report(parse, measured, injected, assignments, output, json);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Runs the session as one stored run, each result said on stderr as it arrives.</summary>
    private static RunRecord Measure(string[] commandLine, bool simulated, RunEnvironment environment, IResultStore results, EmulationSession session,
        string deviceName, CancellationToken cancellation)
    {
        var sink = new StoredRunSink(results);
        var progress = new ConsoleProgress(string.Create(CultureInfo.InvariantCulture,
            $"emulating on {deviceName}{(simulated ? " (SIMULATED)" : "")}; busy-wait overshoot {session.Wait.Overshoot * 1e9:F0} ns, taken off every injected wait"),
            stoppedHint: id => $" (cvmbench emulate --from-run {id[..8]} compares what finished with the model)");
        return progress.Watch(sink, () => session.Run(commandLine, simulated, environment, sink, progress, cancellation), run => run);
    }

    /// <summary>The --out folder is checked before anything is measured or stored.</summary>
    private static void PrepareOutput(ParseResult parse, Option<string?> output)
    {
        if (parse.GetValue(output) is string directory)
        {
            OutputFolder.Prepare(directory);
        }
    }

    /// <summary>The model calibrated from the run beside each of its emulated results: tables (or the run as JSON), and
    /// with --out the plots, the comparison as CSV and the calibrated parameters.</summary>
    private static void Report(ParseResult parse, RunRecord run, ParameterSet injected, IReadOnlyList<string> assignments,
        Option<string?> output, Option<bool> json)
    {
        var calibrated = Calibrated(injected, run, assignments);
        var comparisons = ModelCheck.Compare(run, ModelParameters.From(calibrated));
        if (parse.GetValue(output) is string directory)
        {
            var files = EmulationCharts.Write(comparisons, directory, run.Simulated).ToList();
            files.Add(WriteCsv(comparisons, Path.Combine(directory, "model-vs-emulated.csv")));
            string parameterFile = Path.Combine(directory, "calibrated-parameters.json");
            File.WriteAllText(parameterFile, calibrated.ToJson());
            files.Add(parameterFile);
            Console.Error.WriteLine($"cvmbench: wrote {files.Count} files to {directory}");
        }
        if (parse.GetValue(json))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord));
        }
        else
        {
            Render(run, comparisons, calibrated);
        }
    }

    /// <summary>The parameters whose costs are injected: defaults, the user's file, this machine's memory (it sizes the
    /// swiotlb pool the bounce uses; when measuring, <paramref name="thisMachine"/> holds its facts), then each --set.</summary>
    private static ParameterSet BaseParameters(string? file, IReadOnlyList<string> assignments, HostFacts? thisMachine)
    {
        try
        {
            var set = ParameterSet.Defaults;
            if (file is not null)
            {
                set = set.OverriddenBy(InputFiles.Read(file, "parameters file"), file);
            }
            long memory = thisMachine?.MemoryTotalBytes ?? 0;
            if (memory > 0)
            {
                set = set.WithSi("host.memory", memory, "this machine: MemTotal in /proc/meminfo");
            }
            return set.WithAssignments(assignments);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary>What the model takes from the run (<see cref="EmulationSession.Calibrated"/>), then --set again (it
    /// has the last word).</summary>
    private static ParameterSet Calibrated(ParameterSet injected, RunRecord run, IReadOnlyList<string> assignments)
    {
        try
        {
            return EmulationSession.Calibrated(injected, run).WithAssignments(assignments);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static void Render(RunRecord run, IReadOnlyList<ModelComparison> comparisons, ParameterSet calibrated)
    {
        var console = Terminal.Out;
        string simulated = run.Simulated ? "SIMULATED (host memory, not a GPU): " : "";
        var measured = calibrated.Parameters.Where(p => p.Source.StartsWith("measured", StringComparison.Ordinal)).ToList();
        console.WriteLine($"{simulated}model calibrated from run {run.Id[..8]}: " + string.Join("; ",
            measured.Select(p => $"{p.Name} = {QuantityText.Significant(p.Value)} {p.Unit}")));
        foreach (var direction in comparisons.Select(c => c.Case.Direction).Distinct())
        {
            var pinned = comparisons.Where(c => c.Case.Strategy == StrategyKind.Pinned && c.Case.Direction == direction).ToList();
            foreach (var platform in comparisons.Where(c => c.Case.Strategy != StrategyKind.Pinned).Select(c => c.Case.Platform).Distinct())
            {
                var cases = comparisons.Where(c => c.Case.Platform == platform && c.Case.Direction == direction && c.Case.Strategy != StrategyKind.Pinned)
                    .Select(c => c.Case).Distinct().ToList();
                var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(
                    $"{simulated}{PlatformProfileNames.Title(platform)} emulated, {DirectionNames.ToText(direction)}: measured/model GB/s and error (measured time over model time - 1); * beyond {Threshold}"));
                table.AddColumn(new TableColumn("size").RightAligned());
                table.AddColumn(new TableColumn("plain pinned").RightAligned());
                foreach (var c in cases)
                {
                    table.AddColumn(new TableColumn(Markup.Escape(CaseLabel(c))).RightAligned());
                }
                foreach (long size in comparisons.Select(c => c.Bytes).Distinct().Order())
                {
                    var row = new List<string> { Units.FormatBytes(size), Cell(pinned.FirstOrDefault(c => c.Bytes == size)) };
                    row.AddRange(cases.Select(k => Cell(comparisons.FirstOrDefault(c => c.Case == k && c.Bytes == size))));
                    table.AddRow([.. row.Select(Markup.Escape)]);
                }
                console.Write(table);
            }
        }
        RenderOverhead(console, OverheadCheck.Compare(run));
        var beyond = comparisons.Where(c => c.Exceeds).ToList();
        console.WriteLine(beyond.Count == 0
            ? $"Every emulated result is within {Threshold} of the model."
            : $"{beyond.Count} of {comparisons.Count} results differ from the model by more than {Threshold} (marked *; docs/emulate.md explains them).");
    }

    /// <summary>With both zero and none measured: the emulation's own cost, zero-cost emulation over the plain strategy,
    /// per case and size, with the spread of the pairs where they were measured paired, and the verdict against 3%.</summary>
    private static void RenderOverhead(IAnsiConsole console, IReadOnlyList<OverheadComparison> overheads)
    {
        if (overheads.Count == 0)
        {
            return;
        }
        string tolerance = string.Create(CultureInfo.InvariantCulture, $"{OverheadCheck.Tolerance * 100:F0}%");
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(
            $"emulation overhead: throughput of the zero-cost emulation over the plain strategy's (1.000 = none; * beyond {tolerance} either way)"));
        // Below 6 pairs the interval is the pairs' whole range, which is no 95% interval: the column says so.
        string interval = overheads.All(o => o.Pairs is not { ReachesConfidence: false }) ? "its 95% interval" : "its interval (95% from 6 pairs)";
        foreach (string column in new[] { "case", "size", "pairs", "median of pair ratios", interval, "pair ratios from", "to", "ratio of medians" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        table.Columns[0].LeftAligned();
        foreach (var o in overheads)
        {
            table.AddRow([Markup.Escape(OverheadLabel(o.Case)), Units.FormatBytes(o.Bytes), o.Pairs is { } p ? $"{p.Count}" : "unpaired",
                o.Pairs is null ? "-" : Ratio(o.Ratio) + (o.Within ? "" : "*"),
                o.Pairs is { } q ? $"{Ratio(q.CiLow)} to {Ratio(q.CiHigh)}{(q.ReachesConfidence ? "" : $" (all {q.Count})")}" : "-",
                Ratio(o.Pairs?.Min), Ratio(o.Pairs?.Max),
                Ratio(o.RatioOfMedians) + (o.Pairs is null && !o.Within ? "*" : "")]);
        }
        console.Write(table);
        var worst = OverheadCheck.Worst(overheads)!;
        string spread = worst.Pairs is { } w
            ? w.ReachesConfidence
                ? $": the median of its {w.Count} pair ratios, 95% interval {Ratio(w.CiLow)} to {Ratio(w.CiHigh)}, pairs from {Ratio(w.Min)} to {Ratio(w.Max)}"
                : $": the median of its {w.Count} pair ratios, pairs from {Ratio(w.Min)} to {Ratio(w.Max)}; too few pairs for a 95% interval, 6 give one"
            : ", measured unpaired: the ratio of the medians";
        console.WriteLine($"Worst zero-cost emulation against its plain strategy: {Ratio(worst.Ratio)} ({OverheadLabel(worst.Case)} at {Units.FormatBytes(worst.Bytes)}{spread}).");
        int beyond = overheads.Count(o => !o.Within);
        int paired = overheads.Count(o => o.Pairs is not null);
        string how = paired == overheads.Count ? "paired: the median of the pair ratios"
            : paired == 0 ? "unpaired: separately built cases, the ratio of the medians"
            : $"{overheads.Count - paired} of them unpaired, judged on the ratio of the medians";
        console.WriteLine(beyond == 0
            ? $"Zero-cost emulation within {tolerance} of the plain strategy: met at all {overheads.Count} cases and sizes ({how})."
            : $"Zero-cost emulation within {tolerance} of the plain strategy: not met at {beyond} of {overheads.Count} cases and sizes, marked * ({how}).");
        if (paired > 0)
        {
            int resolved = overheads.Count(o => o.Pairs is { Resolved: true });
            string within = overheads.All(o => o.Pairs is not { ReachesConfidence: false })
                ? "the median's 95% interval within it"
                : "the median's 95% interval within it; below 6 pairs, every pair ratio";
            console.WriteLine($"Resolved to {tolerance} ({within}): {resolved} of {paired} paired cases and sizes; more pairs narrow the rest.");
        }
    }

    private static string OverheadLabel(EmulationCase c) =>
        $"{PlatformProfileNames.ToText(c.Platform)} {StrategyLabel(c)} {DirectionNames.ToText(c.Direction)}";

    private static string Ratio(double? ratio) => ratio is double r ? r.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static string StrategyLabel(EmulationCase c) =>
        c.Strategy == StrategyKind.ConvertOnce ? $"once (n={c.Reuses})" : StrategyNames.ToText(c.Strategy);

    private static string CaseLabel(EmulationCase c) => $"{StrategyLabel(c)} {EmulationNames.ToText(c.Costs)}";

    private static string Cell(ModelComparison? c) => c is null ? "-" : string.Create(CultureInfo.InvariantCulture,
        $"{QuantityText.Significant(c.MeasuredGigabytesPerSecond)}/{QuantityText.Significant(c.PredictedGigabytesPerSecond)} {c.Error * 100:+0;-0;0}%{(c.Exceeds ? "*" : "")}");

    private static string WriteCsv(IReadOnlyList<ModelComparison> comparisons, string path)
    {
        var text = new StringBuilder("platform,strategy,reuses,costs,direction,bytes,measured_seconds,model_seconds,measured_gb_per_s,model_gb_per_s,error,cv\n");
        foreach (var c in comparisons)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{PlatformProfileNames.ToText(c.Case.Platform)},{StrategyNames.ToText(c.Case.Strategy)},{c.Case.Reuses},{EmulationNames.ToText(c.Case.Costs)},{DirectionNames.ToText(c.Case.Direction)},{c.Bytes},{c.MeasuredSeconds:R},{c.PredictedSeconds:R},{c.MeasuredGigabytesPerSecond:R},{c.PredictedGigabytesPerSecond:R},{c.Error:R},{c.CoefficientOfVariation:R}"));
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static IReadOnlyList<T> ParseList<T>(string list, string what, Func<string, T?> parse) where T : struct
    {
        var values = new List<T>();
        foreach (string item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            values.Add(parse(item) ?? throw new UsageException($"unknown {what} '{item}'"));
        }
        return values.Count > 0 ? [.. values.Distinct()] : throw new UsageException($"no {what} given");
    }
}
