using System.Reflection;
using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Cli.Measuring;

/// <summary>One measuring invocation as a run: its header, the results as they arrive (from several device threads),
/// and where it is kept.</summary>
internal sealed class RunSession
{
    private readonly object _gate = new();
    private readonly List<TestResult> _results = [];
    private readonly RunRecord _header;

    public RunSession(string[] commandLine, bool simulated)
    {
        var environment = MachineProbe.Read(new LiveMachine()).ToRunEnvironment();
        _header = new RunRecord(
            Id: Guid.NewGuid().ToString("N"),
            Started: DateTimeOffset.Now,
            Ended: null,
            Status: RunStatus.Incomplete,
            Tool: "cvmbench",
            ToolVersion: ToolVersion,
            CommandLine: "cvmbench " + string.Join(' ', commandLine),
            Simulated: simulated,
            Environment: environment,
            Results: []);
    }

    public static string ToolVersion =>
        typeof(RunSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public string Id => _header.Id;

    public void Add(TestResult result)
    {
        lock (_gate)
        {
            _results.Add(result);
        }
    }

    /// <summary>The run as it stands, marked complete (ended now) or still incomplete.</summary>
    public RunRecord Snapshot(bool complete)
    {
        lock (_gate)
        {
            return _header with
            {
                Ended = complete ? DateTimeOffset.Now : null,
                Status = complete ? RunStatus.Complete : RunStatus.Incomplete,
                Results = [.. _results],
            };
        }
    }

    /// <summary>Writes the run as JSON next to the working directory and says where.</summary>
    public static string Save(RunRecord run)
    {
        string path = Path.GetFullPath($"cvmbench-run-{run.Started:yyyyMMdd-HHmmss}-{run.Id[..8]}.json");
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord));
        // Renamed into place so an interrupted write never leaves a half file under the final name.
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
