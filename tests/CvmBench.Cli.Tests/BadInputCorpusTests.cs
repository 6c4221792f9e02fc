using System.Text;
using Microsoft.Data.Sqlite;

namespace CvmBench.Cli.Tests;

/// <summary>Bad command lines for every command, each standing for a class of mistakes (a value missing, empty, out
/// of range, of the wrong kind, a file of the wrong kind, a size or count that would allocate without bound): every
/// one gets exit code 2, one line on stderr and no stack trace, and leaves a store that already holds a run byte for
/// byte as it was, with no file added beside it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BadInputCorpusTests(BadInputCorpusTests.Files files) : IClassFixture<BadInputCorpusTests.Files>
{
    /// <summary>One command line a case, split on spaces; <c>''</c> is an empty argument. {store} is the case's copy of
    /// a store holding one run, {run} that run's id, {runjson} its JSON export, {params} a model parameter file,
    /// {novalue} a parameter file with an entry that has no value, {partial} a run export with its operations and
    /// environment cut off, {file} a plain file, {dir} the case's folder. Commands that take a store get <c>--store {store}</c> unless the
    /// line names one.</summary>
    public static TheoryData<string> Cases { get; } =
    [
        // Sizes: overflow, beyond the device, not a size, empty, negative, fractional bytes.
        "run --simulate --size 8000000TB",
        "run --simulate --size 9223372036854775807",
        "run --simulate --size 9223372036854775808",
        "run --simulate --size 79228162514264337593543950335TB",
        "run --simulate --size 100GiB",
        "run --simulate --size lots",
        "run --simulate --size ''",
        "run --simulate --size ' '",
        "run --simulate --size 0",
        "run --simulate --size -5",
        "run --simulate --size 1.5B",
        "run --simulate --size 1e9",
        // Counts: not a number, beyond int, beyond the cap, below the minimum.
        "run --simulate --samples abc",
        "run --simulate --samples ''",
        "run --simulate --samples 2147483648",
        "run --simulate --samples 1000000000",
        "run --simulate --samples 0",
        "run --simulate --warmup -1",
        "run --simulate --warmup 2147483647",
        // Devices.
        "run --simulate --device first",
        "run --simulate --device -1",
        "run --simulate --device 99999999999",
        "run --simulate --device 5",
        "run --simulate --device ''",
        // An option repeated without its value, or left without one; stray words; unknown options.
        "run --simulate --store {store} --store",
        "run --simulate --store",
        "run --simulate --store ''",
        "run --simulate --size 1KiB --size",
        "run --simulate --size",
        "run --simulate extra",
        "run --no-such-option",
        // Size lists and ranges: a forgotten unit, empty lists, broken ranges, steps, counts beyond the cap.
        "sweep --simulate --sizes 1MiB..1GiB:+1",
        "sweep --simulate --sizes ,",
        "sweep --simulate --sizes ''",
        "sweep --simulate --sizes ..",
        "sweep --simulate --sizes 1KiB..",
        "sweep --simulate --sizes ..1KiB",
        "sweep --simulate --sizes 8KiB..4KiB",
        "sweep --simulate --sizes 1KiB..2KiB:",
        "sweep --simulate --sizes 1KiB..2KiB:x1",
        "sweep --simulate --sizes 1KiB..2KiB:x99999999999",
        "sweep --simulate --sizes 1KiB..2KiB:+0",
        "sweep --simulate --sizes 1KiB..2KiB:+-1",
        "sweep --simulate --sizes 1..9223372036854775807:+1000",
        "sweep --simulate --sizes 1..9223372036854775807:x2",
        "sweep --simulate --sizes 1KiB..100TB",
        "sweep --simulate --sizes 4KiB --memory ,",
        "sweep --simulate --sizes 4KiB --memory shiny",
        "sweep --simulate --sizes 4KiB --direction sideways",
        "sweep --simulate --sizes 4KiB --method dma",
        "sweep --simulate --sizes 4KiB --memory mapped --method ce",
        "sweep --simulate --sizes 4KiB --device all --samples 0",
        "sweep --simulate",
        "sweep --simulate --sizes 4KiB --sizes",
        // bandwidthTest's own syntax.
        "bandwidthtest --mode=range --start=1 --end=1000000000 --increment=1",
        "bandwidthtest --simulate --mode=range --start=1 --end=1000000000 --increment=1",
        "bandwidthtest --simulate --mode=range --start=1 --end=9223372036854775807 --increment=4611686018427387904",
        "bandwidthtest --simulate --mode=range --start=1 --end=2 --increment=abc",
        "bandwidthtest --simulate --mode=range --start=1 --end=2",
        "bandwidthtest --simulate --mode=range --start= --end=2 --increment=1",
        "bandwidthtest --simulate --mode=range --start=0 --end=2 --increment=1",
        "bandwidthtest --simulate --mode=bogus",
        "bandwidthtest --simulate --memory=",
        "bandwidthtest --simulate --memory=shiny",
        "bandwidthtest --simulate --memory=pageable --wc",
        "bandwidthtest --simulate --start=10",
        "bandwidthtest --simulate --device=-1",
        "bandwidthtest --simulate --device=abc",
        "bandwidthtest --simulate --device=5",
        "bandwidthtest --simulate --store=",
        "bandwidthtest --simulate --bogus",
        "bandwidthtest --simulate stray",
        // convert.
        "convert --simulate --sizes ,",
        "convert --simulate --sizes 1MiB..1GiB:+1",
        "convert --simulate --sizes 8000000TB",
        "convert --simulate --pages ''",
        "convert --simulate --pages 8KiB",
        "convert --simulate --pages ,",
        "convert --simulate --threads ,",
        "convert --simulate --threads 0",
        "convert --simulate --threads 99999999999",
        "convert --simulate --samples 0",
        "convert --simulate --samples 20000",
        "convert --simulate --device all",
        "convert --simulate --device x",
        "convert --simulate --store {store} --store",
        // model: values out of range or not finite, files of the wrong kind, an --out that cannot be a folder.
        "model --set tdx.mapGpaExit=1e308",
        "model --set tdx.mapGpaExit=-1",
        "model --set tdx.mapGpaExit=Infinity",
        "model --set tdx.mapGpaExit=NaN",
        "model --set tdx.mapGpaExit=1e999",
        "model --set host.memory=1e308",
        "model --set cc.cryptoThreads=1e308",
        "model --set host.copyThreads=0.5",
        "model --set bogus=1",
        "model --set ''",
        "model --set =1",
        "model --set tdx.mapGpaExit",
        "model --set",
        "model --size ''",
        "model --size 0",
        "model --size lots",
        "model --batch 0",
        "model --batch NaN",
        "model --batch 1e308",
        "model --batch abc",
        "model --reuse Infinity",
        "model --reuse 1e308",
        "model --reuse ''",
        "model --parameters {runjson}",
        "model --parameters {file}",
        "model --parameters ''",
        "model --parameters {dir}/missing.json",
        "model --parameters {novalue}",
        "model --parameters {partial}",
        "model --calibrate-from {params}",
        "model --calibrate-from {partial}",
        "model --calibrate-from {runjson}",
        "model --calibrate-from {file}",
        "model --calibrate-from nosuchrun",
        "model --calibrate-from ''",
        "model --out {file}",
        "model --out ''",
        // emulate: everything refused before it measures or stores.
        "emulate --simulate --set bogus=1",
        "emulate --simulate --set tdx.mapGpaExit=1e308",
        "emulate --simulate --set tdx.mapGpaExit=-5",
        "emulate --simulate --sizes 4KiB --platform vm --samples 1 --out {file}",
        "emulate --simulate --out ''",
        "emulate --simulate --sizes ,",
        "emulate --simulate --sizes 1MiB..1GiB:+1",
        "emulate --simulate --sizes 8000000TB",
        "emulate --simulate --platform ''",
        "emulate --simulate --platform bare-metal",
        // Environment classes the model has no platform for.
        "emulate --simulate --platform sev",
        "emulate --simulate --platform unknown",
        "emulate --simulate --costs x",
        "emulate --simulate --direction d2d",
        "emulate --simulate --samples 0",
        "emulate --simulate --samples 20000",
        "emulate --simulate --reuse 0",
        "emulate --simulate --reuse 2147483647",
        "emulate --simulate --threads 0",
        "emulate --simulate --threads 100000",
        "emulate --simulate --device all",
        "emulate --simulate --device x",
        "emulate --simulate --parameters {runjson}",
        "emulate --simulate --store {store} --store",
        "emulate --from-run nosuch",
        "emulate --from-run ''",
        "emulate --from-run {params}",
        "emulate --from-run {partial}",
        "emulate --from-run {run}",
        "emulate --from-run {runjson}",
        "emulate --from-run {run} --set bogus=1",
        "emulate --from-run {run} --out {file}",
        // report and compare.
        "report --out {dir}/report --baseline bogus",
        "report --out {dir}/report --baseline ''",
        // A platform of the model's own is no class a machine can be.
        "report --out {dir}/report --baseline snp-flip",
        "report --out ''",
        "report --out {file}",
        "report nosuch --out {dir}/report",
        "report '' --out {dir}/report",
        "report --out {dir}/report --store {store} --store",
        "compare",
        "compare {run}",
        "compare {run} nosuch",
        "compare {run} {run} extra",
        "compare --by-environment --baseline bogus",
        "compare --by-environment --baseline ''",
        "compare --by-environment --baseline snp-ideal",
        "compare {run} {run} --baseline vm",
        // The commands that read the store, and the command line itself.
        "runs extra",
        "runs --store",
        "runs --store {store} --store",
        "runs --bogus",
        "export nosuch",
        "export {run} --format xml",
        "export {run} --format ''",
        "export {run} --out ''",
        "import",
        "import ''",
        "import {dir}/missing.txt",
        "import {runjson} --nvbandwidth-buffer-mib 0",
        "probe extra",
        "devices --bogus",
        "nosuchcommand",
        "--bogus",
    ];

    private static readonly HashSet<string> StoreCommands = ["run", "sweep", "convert", "model", "emulate", "report", "compare", "runs", "export", "import"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_one_line_exit_code_2_and_changes_no_file(string line)
    {
        string folder = Path.Combine(files.Folder, "case-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string store = Path.Combine(folder, "s.db");
        File.Copy(files.Store, store);
        var args = Split(line).Select(a => a.Replace("{store}", store, StringComparison.Ordinal).Replace("{run}", files.RunId[..8], StringComparison.Ordinal)
            .Replace("{runjson}", files.RunJson, StringComparison.Ordinal).Replace("{params}", files.Parameters, StringComparison.Ordinal)
            .Replace("{file}", files.PlainFile, StringComparison.Ordinal).Replace("{novalue}", files.NoValue, StringComparison.Ordinal)
            .Replace("{partial}", files.Partial, StringComparison.Ordinal).Replace("{dir}", folder, StringComparison.Ordinal)).ToList();
        if (!line.Contains("--store", StringComparison.Ordinal))
        {
            if (args[0] == "bandwidthtest")
            {
                args.Add($"--store={store}");
            }
            else if (StoreCommands.Contains(args[0]))
            {
                args.AddRange(["--store", store]);
            }
        }

        var (code, stdout, stderr) = CliHarness.Run([.. args]);
        SqliteConnection.ClearAllPools();

        Assert.True(code == ExitCodes.BadInput, $"exit code {code}; stderr: {stderr}");
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("cvmbench: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", stderr, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(files.Store), File.ReadAllBytes(store));
        Assert.Equal(["s.db"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    /// <summary>Splits on spaces; <c>'...'</c> quotes (so <c>''</c> is an empty argument).</summary>
    private static List<string> Split(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                }
                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }
        if (any)
        {
            args.Add(current.ToString());
        }
        return args;
    }

    /// <summary>A store holding one simulated run, that run exported as JSON, the model's parameter file and a plain
    /// file, made once for every case.</summary>
    public sealed class Files : IDisposable
    {
        public Files()
        {
            Directory.CreateDirectory(Folder);
            var (code, stdout, stderr) = CliHarness.Run("sweep", "--simulate", "--sizes", "4KiB", "--memory", "pinned", "--direction", "h2d",
                "--samples", "2", "--warmup", "0", "--json", "--store", Store);
            Assert.True(code == ExitCodes.Success, stderr);
            RunId = System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("id").GetString()!;
            Assert.Equal(ExitCodes.Success, CliHarness.Run("export", RunId, "--out", RunJson, "--store", Store).Code);
            var parameters = CliHarness.Run("model", "--print-parameters");
            File.WriteAllText(Parameters, parameters.Stdout);
            File.WriteAllText(PlainFile, "not a folder, a store, a run or a parameter file\n");
            File.WriteAllText(NoValue, """{ "parameters": [ { "name": "tdx.mapGpaExit" } ] }""");
            var partial = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RunJson))!.AsObject();
            partial.Remove("operations");
            partial.Remove("environment");
            File.WriteAllText(Partial, partial.ToJsonString());
            SqliteConnection.ClearAllPools();
        }

        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "cvmbench-corpus-" + Guid.NewGuid().ToString("N"));

        public string Store => Path.Combine(Folder, "seed.db");

        public string RunJson => Path.Combine(Folder, "run.json");

        public string Parameters => Path.Combine(Folder, "parameters.json");

        public string PlainFile => Path.Combine(Folder, "plain.txt");

        public string NoValue => Path.Combine(Folder, "no-value.json");

        public string Partial => Path.Combine(Folder, "partial-run.json");

        public string RunId { get; }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
