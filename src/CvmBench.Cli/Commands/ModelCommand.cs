using System.CommandLine;
using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Reports.Charts;
using CvmBench.Transfers;
using Spectre.Console;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench model</c>: the page-conversion cost model's predictions, break-even points and answers.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var parameters = new Option<string?>("--parameters")
        {
            Description = "A parameter file (as --print-parameters writes it, or only the entries to change) overriding the defaults.",
            HelpName = "FILE",
        };
        var calibrate = new Option<string?>("--calibrate-from")
        {
            Description = "A stored run (its id, or the start of it) or a run's JSON file: what it measured (DMA rates and latency, host copy rate, registration costs, AES-GCM rate and tag cost) replaces the defaults, marked as measured.",
            HelpName = "RUN",
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Set one parameter, in its unit (repeatable; applied last): --set tdx.mapGpaExit=12.",
            HelpName = "NAME=VALUE",
        };
        var size = new Option<string>("--size")
        {
            Description = "Transfer size for the batch and reuse sweeps, the break-even points and the streaming answer.",
            HelpName = "SIZE",
            DefaultValueFactory = _ => "64MiB",
        };
        var batch = new Option<double>("--batch")
        {
            Description = "Pages (4 KiB) per conversion call for the batched strategy in tables and size plots.",
            HelpName = "K",
            DefaultValueFactory = _ => 512,
        };
        var reuse = new Option<double>("--reuse")
        {
            Description = "Transfers per conversion for the convert-once strategy in tables and size plots.",
            HelpName = "N",
            DefaultValueFactory = _ => 100,
        };
        var json = new Option<bool>("--json") { Description = "Print the whole report as JSON instead of tables." };
        var output = new Option<string?>("--out") { Description = "Write the plots (PNG and SVG) into this directory.", HelpName = "DIR" };
        var print = new Option<bool>("--print-parameters") { Description = "Print the parameters in effect, with units and sources, as a parameter file, and stop." };

        var store = StoreOption.Create();
        var command = new Command("model",
            "Predict transfer time and throughput on bare metal, a VM, TDX, SEV-SNP, the seed's SNP page flip and H100 CC mode, " +
            "for each strategy (bounce, convert per transfer, in batches, once); break-even points; the seed paper's open questions. " +
            "Parameters: defaults, then --parameters, then --calibrate-from, then --set.")
        {
            parameters, calibrate, set, size, batch, reuse, json, output, print, store,
        };
        command.SetAction(parse =>
        {
            var effective = Parameters(parse.GetValue(parameters), parse.GetValue(calibrate), parse.GetValue(set) ?? [], run => InputFiles.LoadRun(parse, store, run));
            if (parse.GetValue(print))
            {
                Console.Out.WriteLine(effective.ToJson());
                return ExitCodes.Success;
            }
            var query = Query(parse.GetValue(size)!, parse.GetValue(batch), parse.GetValue(reuse));
            string? folder = parse.GetValue(output) is string path ? OutputFolder.Prepare(path) : null;
            var report = Build(effective, query);
            if (folder is string directory)
            {
                var files = ModelCharts.Write(report, directory);
                Console.Error.WriteLine($"cvmbench: wrote {files.Count} plot files to {directory}");
            }
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(report.ToJson());
            }
            else
            {
                Render(report, ParameterSet.Defaults);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The defaults, then a user's file, then calibration from a run, then each --set.</summary>
    private static ParameterSet Parameters(string? file, string? runFile, IReadOnlyList<string> assignments, Func<string, RunRecord> loadRun)
    {
        try
        {
            var result = ParameterSet.Defaults;
            if (file is not null)
            {
                result = result.OverriddenBy(InputFiles.Read(file, "parameters file"), file);
            }
            if (runFile is not null)
            {
                var measured = Calibration.FromRun(loadRun(runFile));
                if (measured.IsEmpty)
                {
                    throw new UsageException($"{runFile}: run {measured.RunId} measured nothing the model takes (pinned one-way copies, registration latencies, host rates)");
                }
                result = Calibration.Apply(result, measured);
            }
            return result.WithAssignments(assignments);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    // A batch of 1 TiB of pages, a buffer reused a billion times: past these the tables say nothing new.
    private const double MaxBatchPages = 1 << 28;
    private const double MaxReuses = 1e9;

    private static ModelQuery Query(string size, double batch, double reuse)
    {
        if (!(batch >= 1))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--batch must be at least 1 page (got {batch})"));
        }
        if (batch > MaxBatchPages)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--batch must be at most {MaxBatchPages} pages (got {batch})"));
        }
        if (!(reuse >= 1))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--reuse must be at least 1 (got {reuse})"));
        }
        if (reuse > MaxReuses)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--reuse must be at most {MaxReuses:G} (got {reuse})"));
        }
        return new ModelQuery(Units.ParseBytes(size), batch, reuse);
    }

    private static ModelReport Build(ParameterSet parameters, ModelQuery query)
    {
        try
        {
            return ModelReport.Build(parameters, query);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static void Render(ModelReport report, ParameterSet defaults)
    {
        var changed = report.Parameters.Where(p => defaults[p.Name] != p).ToList();
        Terminal.Out.MarkupLine($"[bold]Page-conversion cost model[/] (a model, not a measurement). {Markup.Escape(report.ParametersDescription)}");
        Terminal.Out.MarkupLine(changed.Count == 0
            ? "All parameters are the shipped defaults (cvmbench model --print-parameters shows them with their sources)."
            : $"Changed from the defaults: {Markup.Escape(string.Join("; ", changed.Select(p => $"{p.Name} = {p.Value} {p.Unit} ({p.Source})")))}");
        Terminal.Out.WriteLine();
        if (DirectionsAgree(report))
        {
            RenderPredictions(report, Direction.HostToDevice, "Host to device and device to host (the same here)");
            Terminal.Out.WriteLine("One table for both directions: under these parameters they cost the same (dma.h2dRate = dma.d2hRate, "
                + "dma.h2dLatency = dma.d2hLatency, staging.copyRatePerThread = host.copyRatePerThread); set these apart to see them differ.");
        }
        else
        {
            RenderPredictions(report, Direction.HostToDevice, "Host to device");
            RenderPredictions(report, Direction.DeviceToHost, "Device to host");
        }
        RenderBreakEvens(report);
        RenderAnswers(report);
    }

    /// <summary>Whether every prediction is the same both ways: the direction-dependent parameters are equal.</summary>
    private static bool DirectionsAgree(ModelReport report)
    {
        var deviceToHost = report.Predictions.Where(p => p.Direction == Direction.DeviceToHost).ToList();
        var hostToDevice = report.Predictions.Where(p => p.Direction == Direction.HostToDevice).ToList();
        return hostToDevice.Count == deviceToHost.Count && hostToDevice.Zip(deviceToHost).All(pair =>
            (pair.First.Platform, pair.First.Strategy, pair.First.Bytes, pair.First.Seconds) == (pair.Second.Platform, pair.Second.Strategy, pair.Second.Bytes, pair.Second.Seconds));
    }

    private static void RenderPredictions(ModelReport report, Direction direction, string title)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{title}: throughput in GB/s (1e9 bytes/s) by transfer size");
        table.AddColumn("Platform");
        table.AddColumn("Strategy");
        foreach (double bytes in ModelGrid.TableSizes)
        {
            table.AddColumn(new TableColumn(QuantityText.Bytes(bytes)).RightAligned());
        }
        PlatformProfile? previous = null;
        foreach (var row in report.Predictions.Where(p => p.Direction == direction).GroupBy(p => (p.Platform, p.Strategy)))
        {
            // The platform is named on its first row only, so the groups read as blocks.
            string platform = row.Key.Platform == previous ? "" : PlatformProfileNames.Title(row.Key.Platform);
            previous = row.Key.Platform;
            table.AddRow([
                Markup.Escape(platform),
                Markup.Escape(row.Key.Strategy.Name),
                .. row.Select(p => QuantityText.Significant(p.GigabytesPerSecond)),
            ]);
        }
        Terminal.Out.Write(table);
    }

    private static void RenderBreakEvens(ModelReport report)
    {
        var reuse = new Table().Border(TableBorder.Rounded)
            .Title($"Convert once and reuse n times against bounce, {QuantityText.Bytes(report.Query.ReferenceBytes)} host to device");
        reuse.AddColumn("Platform");
        reuse.AddColumn(new TableColumn("Bounce GB/s").RightAligned());
        reuse.AddColumn(new TableColumn("Pinned GB/s").RightAligned());
        reuse.AddColumn(new TableColumn("Break-even n").RightAligned());
        foreach (var b in report.ReuseBreakEvens)
        {
            reuse.AddRow(Markup.Escape(PlatformProfileNames.Title(b.Platform)), QuantityText.Significant(b.BounceGigabytesPerSecond),
                QuantityText.Significant(b.PinnedGigabytesPerSecond), b.Reuses is double n ? $"{n}" : "never");
        }
        Terminal.Out.Write(reuse);

        var batch = new Table().Border(TableBorder.Rounded)
            .Title("Convert in batches of k pages, streaming: the batch that reaches 90% of what batching can give");
        batch.AddColumn("Platform");
        batch.AddColumn(new TableColumn("k = 1 GB/s").RightAligned());
        batch.AddColumn(new TableColumn("Asymptote GB/s").RightAligned());
        batch.AddColumn(new TableColumn("90% from k =").RightAligned());
        foreach (var b in report.BatchBreakEvens)
        {
            batch.AddRow(Markup.Escape(PlatformProfileNames.Title(b.Platform)), QuantityText.Significant(b.SinglePageGigabytesPerSecond),
                QuantityText.Significant(b.AsymptoteGigabytesPerSecond),
                $"{b.BatchPages} pages ({QuantityText.Bytes(b.BatchPages * PageConversionModel.PageBytes)})");
        }
        Terminal.Out.Write(batch);
    }

    private static void RenderAnswers(ModelReport report)
    {
        foreach (var answer in report.Answers)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"Seed question {answer.Number}: {Markup.Escape(answer.Question)}");
            table.AddColumn(new TableColumn("Answer (model)").Width(60));
            table.AddColumn("Assumptions");
            string assumptions = string.Join('\n', answer.Assumptions.Select(a =>
                $"[bold]{Markup.Escape(a.Name)}[/] = {a.Value} {Markup.Escape(a.Unit)}: [dim]{Markup.Escape(a.Source)}[/]"));
            table.AddRow(Markup.Escape(answer.Answer), assumptions);
            Terminal.Out.Write(table);
        }
    }
}
