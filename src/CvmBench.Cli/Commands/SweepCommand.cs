using System.CommandLine;
using System.Globalization;
using CvmBench.Cli.Measuring;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;
using Spectre.Console;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench sweep</c>: bandwidth against transfer size for any memory kinds, directions and methods; one row per size.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var shared = new MeasuringOptions();
        var sizes = new Option<string>("--sizes") { Description = $"Sizes as a list (4KiB,1MiB) or a range: 4KiB..1GiB doubles, 4KiB..1GiB:x4, 1MiB..8MiB:+1MiB; at most {Units.MaxSizes:N0} sizes.", Required = true };
        var memory = new Option<string>("--memory") { Description = "Memory kinds: pageable, pinned, wc, registered, mapped, staged, sealed (comma-separated).", DefaultValueFactory = _ => "pinned,pageable" };
        var direction = new Option<string>("--direction") { Description = "Directions: h2d, d2h, d2d (comma-separated).", DefaultValueFactory = _ => "h2d,d2h" };
        var method = new Option<string>("--method") { Description = "Copy methods: ce (copy engine), sm (copy kernel) (comma-separated).", DefaultValueFactory = _ => "ce" };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Run H2D and D2H at the same time on two streams and report each." };
        var command = new Command("sweep", "Measure bandwidth against transfer size for the chosen memory kinds, directions and copy methods.");
        shared.AddTo(command);
        var store = StoreOption.Create();
        command.Options.Add(store);
        command.Options.Add(sizes);
        command.Options.Add(memory);
        command.Options.Add(direction);
        command.Options.Add(method);
        command.Options.Add(bidirectional);
        command.SetAction((parse, cancellation) =>
        {
            var sizeList = Units.ParseSizes(parse.GetValue(sizes)!);
            var configurations = Configurations(parse.GetValue(memory)!, parse.GetValue(direction)!, parse.GetValue(method)!, parse.GetValue(bidirectional));
            var tests = sizeList.SelectMany(size => configurations.Select(c => c with { Bytes = size })).ToList();
            var machine = MachineReading.ReadLive();
            var options = shared.Read(parse, machine.Host);
            using var devices = DeviceSet.Open(parse.GetValue(shared.Device)!, parse.GetValue(shared.Simulate));
            devices.CheckFits(sizeList.Max(), deviceBuffers: 2, machine.Host);
            using var results = StoreOption.Open(parse, store, create: true);
            var (run, outcomes) = SuiteExecution.Execute(parse.Tokens.Select(t => t.Value).ToArray(), devices, tests, options, machine, results, cancellation);
            if (parse.GetValue(shared.Json))
            {
                SuiteExecution.Print(run, outcomes, json: true);
            }
            else
            {
                Render(outcomes, run.Simulated);
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Every valid combination of the lists; invalid ones are skipped with a note, and none valid is an error.</summary>
    internal static IReadOnlyList<TransferTest> Configurations(string memory, string direction, string method, bool bidirectional)
    {
        var kinds = Parse<HostPath>(memory, "memory kind", text => HostPathNames.TryParse(text, out var k) ? k : null);
        var directions = Parse<Direction>(direction, "direction", text => DirectionNames.TryParse(text, out var d) ? d : null);
        var methods = Parse<CopyMethod>(method, "method", text => text.ToLowerInvariant() switch
        {
            "ce" => CopyMethod.CopyEngine,
            "sm" => CopyMethod.Sm,
            _ => (CopyMethod?)null,
        });
        if (bidirectional)
        {
            directions = [Direction.HostToDevice];
        }
        var valid = new List<TransferTest>();
        var skipped = new List<string>();
        foreach (var d in directions)
        {
            // Device-to-device copies involve no host memory: one test per method, whatever kinds were asked for.
            foreach (var k in d == Direction.DeviceToDevice ? [HostPath.Pinned] : kinds)
            {
                foreach (var m in methods)
                {
                    var test = new TransferTest(k, d, m, Bytes: 1, Device: 0, bidirectional);
                    if (TransferRules.Problem(test) is { } problem)
                    {
                        skipped.Add($"{test.Name}: {problem}");
                    }
                    else
                    {
                        valid.Add(test);
                    }
                }
            }
        }
        if (valid.Count == 0)
        {
            throw new UsageException($"no combination of these options can run ({skipped[0]})");
        }
        foreach (string line in skipped)
        {
            Console.Error.WriteLine($"cvmbench: skipped {line}");
        }
        return valid;
    }

    private static List<T> Parse<T>(string list, string what, Func<string, T?> parse) where T : struct
    {
        var values = new List<T>();
        foreach (string item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            values.Add(parse(item) ?? throw new UsageException($"unknown {what} '{item}'"));
        }
        return values.Count > 0 ? values.Distinct().ToList() : throw new UsageException($"no {what} given");
    }

    private static void Render(IReadOnlyList<DeviceOutcome> outcomes, bool simulated)
    {
        foreach (var outcome in outcomes)
        {
            var names = outcome.Results.Select(r => r.Test.Name).Distinct().ToList();
            var table = new Table().Border(TableBorder.Simple)
                .Title(Markup.Escape($"{(simulated ? "SIMULATED (host memory, not a GPU): " : "")}device {outcome.Device.Ordinal}: {outcome.Device.Name}: median GB/s (CV)"));
            table.AddColumn(new TableColumn("size").RightAligned());
            foreach (string name in names)
            {
                table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
            }
            foreach (var row in outcome.Results.GroupBy(r => r.Test.Bytes))
            {
                var cells = new List<string> { Units.FormatBytes(row.Key) };
                foreach (string name in names)
                {
                    var r = row.FirstOrDefault(x => x.Test.Name == name);
                    cells.Add(r is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{r.Bandwidth.Median:F2} ({r.Bandwidth.CoefficientOfVariation * 100:F1}%)"));
                }
                table.AddRow(cells.ToArray());
            }
            Terminal.Out.Write(table);
        }
    }
}
