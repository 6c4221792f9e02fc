using CvmBench.Measurement;
using CvmBench.Storage.Exchange;
using CvmBench.Storage.Importers;
using CvmBench.Storage.Sqlite;
using CvmBench.Transfers;

namespace CvmBench.Storage.Tests;

public class ExchangeTests
{
    [Fact]
    public void A_json_export_imported_into_another_store_keeps_every_sample()
    {
        using var temp = new TempDirectory();
        var original = Runs.New(status: RunStatus.Complete, results:
            [Runs.Result(samples: 31), Runs.Result(HostPath.Pageable, Direction.DeviceToHost, bytes: 4096, samples: 17, gigabytesPerSecond: 3.3)]);
        RunRecord exported;
        using (IResultStore first = SqliteResultStore.Open(temp.File("first.db")))
        {
            first.AddRun(original);
            exported = first.LoadRun(original.Id);
            using var file = File.CreateText(temp.File("run.json"));
            new JsonRunExporter().Write(exported, file);
        }

        var imported = ResultImporter.Read(temp.File("run.json"), new ImportOptions());
        using IResultStore second = SqliteResultStore.Open(temp.File("second.db"));
        second.AddRun(imported.Run);
        var back = second.LoadRun(original.Id);

        Assert.Equal((exported.Started, exported.Ended, exported.Status, exported.Tool, exported.CommandLine, exported.Simulated, exported.Environment),
            (back.Started, back.Ended, back.Status, back.Tool, back.CommandLine, back.Simulated, back.Environment));
        Assert.Equal(exported.Results.Count, back.Results.Count);
        for (int i = 0; i < exported.Results.Count; i++)
        {
            Assert.Equal(exported.Results[i].Test, back.Results[i].Test);
            Assert.Equal(exported.Results[i].Samples, back.Results[i].Samples);
            Assert.Equal((exported.Results[i].Bandwidth, exported.Results[i].Verified, exported.Results[i].Method, exported.Results[i].LinkEfficiency),
                (back.Results[i].Bandwidth, back.Results[i].Verified, back.Results[i].Method, back.Results[i].LinkEfficiency));
        }
    }

    [Fact]
    public void An_imported_peer_run_survives_export_and_import_unchanged()
    {
        using var temp = new TempDirectory();
        var peer = ResultImporter.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bandwidthTest", "v100-pcie-shmoo-h2d-pinned-csv.txt"), new ImportOptions()).Run;
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        store.AddRun(peer);
        using (var file = File.CreateText(temp.File("peer.json")))
        {
            new JsonRunExporter().Write(store.LoadRun(peer.Id), file);
        }
        var back = ResultImporter.Read(temp.File("peer.json"), new ImportOptions()).Run;
        Assert.Equal(peer.Results.Select(r => (r.Test, r.Samples.Single())), back.Results.Select(r => (r.Test, r.Samples.Single())));
    }

    [Fact]
    public void Importing_a_run_that_is_already_stored_is_refused()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        var run = Runs.New(status: RunStatus.Complete, results: [Runs.Result()]);
        store.AddRun(run);
        Assert.Contains("already stored", Assert.Throws<StoreException>(() => store.AddRun(store.LoadRun(run.Id))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_export_embeds_a_probe_cvmbench_wrote_as_an_object_and_import_restores_its_text()
    {
        using var temp = new TempDirectory();
        // Indented, as the probe writes itself (PlatformJson).
        string probe = EmbeddedProbeText(Runs.Probe);
        var run = Runs.New(status: RunStatus.Complete, results: [Runs.Result(samples: 3)]);
        run = run with { Environment = run.Environment with { ProbeJson = probe } };
        using (var file = File.CreateText(temp.File("run.json")))
        {
            new JsonRunExporter().Write(run, file);
        }

        var environment = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(temp.File("run.json")))!["environment"]!.AsObject();
        Assert.IsType<System.Text.Json.Nodes.JsonObject>(environment["probe"]);
        Assert.False(environment.ContainsKey("probeJson"));
        Assert.Equal("Test CPU", (string?)environment["probe"]!["cpu"]!["modelName"]!["value"]);
        var back = ResultImporter.Read(temp.File("run.json"), new ImportOptions()).Run;
        Assert.Equal(probe, back.Environment.ProbeJson);
        Assert.Equal(run.Environment.Fingerprint, back.Environment.Fingerprint);
    }

    [Fact]
    public void A_probe_whose_text_would_change_stays_a_string_as_older_exports_have_it()
    {
        var run = Runs.New(status: RunStatus.Complete, results: [Runs.Result()]);
        using var writer = new StringWriter();
        new JsonRunExporter().Write(run, writer);
        var environment = System.Text.Json.Nodes.JsonNode.Parse(writer.ToString())!["environment"]!.AsObject();
        Assert.Equal(Runs.Probe, (string?)environment["probeJson"]);
        Assert.False(environment.ContainsKey("probe"));
    }

    [Fact]
    public void A_csv_export_says_whether_each_row_was_simulated()
    {
        var simulated = Runs.New(results: [Runs.Result(samples: 2)]);
        foreach (var run in new[] { simulated, simulated with { Simulated = false } })
        {
            using var writer = new StringWriter();
            new CsvRunExporter().Write(run, writer);
            string[] lines = writer.ToString().TrimEnd('\n').Split('\n');
            int column = Array.IndexOf(CsvRunExporter.Columns, "simulated");
            Assert.All(lines.Skip(1), line => Assert.Equal(run.Simulated ? "true" : "false", line.Split(',')[column]));
        }
    }

    private static string EmbeddedProbeText(string compact)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            System.Text.Json.JsonDocument.Parse(compact).WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void A_csv_export_has_one_row_per_sample_under_a_header()
    {
        var run = Runs.New(results: [Runs.Result(samples: 5), Runs.Result(HostPath.Pageable, samples: 3)]);
        using var writer = new StringWriter();
        new CsvRunExporter().Write(run, writer);
        string[] lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', CsvRunExporter.Columns), lines[0]);
        Assert.Equal(1 + 8, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Equal(CsvRunExporter.Columns.Length, line.Split(',').Length));
        Assert.StartsWith($"{run.Id},cvmbench,{(run.Simulated ? "true" : "false")},1,pageable h2d ce,pageable,h2d,ce,67108864,0,false,true,2,", lines[8], StringComparison.Ordinal);
    }
}
