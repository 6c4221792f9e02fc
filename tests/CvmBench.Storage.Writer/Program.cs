using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Storage;
using CvmBench.Transfers;

// Writes one run the way a measuring command does: create it incomplete, append results, complete it.
// Usage: writer STORE RUN-ID TESTS SAMPLES-PER-TEST (TESTS = 0: append until killed); STORE is an SQLite file or a
// PostgreSQL connection string, as --store takes it.
// After each committed append it prints "appended N", so a test knows what must have survived a kill.
string location = args[0], runId = args[1];
int tests = int.Parse(args[2], CultureInfo.InvariantCulture);
int samplesPerTest = int.Parse(args[3], CultureInfo.InvariantCulture);

using IResultStore store = ResultStore.Open(location, create: true);
var environment = new RunEnvironment("writer-host", EnvironmentClass.Unknown, "store fault test writer", "{}");
store.AddRun(new RunRecord(runId, DateTimeOffset.UtcNow, null, RunStatus.Incomplete, "cvmbench", "test", "writer", true, environment, []));
for (int i = 0; tests == 0 || i < tests; i++)
{
    var samples = Enumerable.Range(0, samplesPerTest).Select(s => new BandwidthSample(1 << 20, 20_000 + s, 21_000 + s)).ToList();
    var stats = Statistics.Summarize([.. samples.Select(s => s.GigabytesPerSecond)]);
    var wall = Statistics.Summarize([.. samples.Select(s => s.WallGigabytesPerSecond)]);
    store.AppendResult(runId, new TestResult(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 20, i), samples, stats, wall, null, true, "writer"));
    Console.Out.WriteLine($"appended {i + 1}");
    Console.Out.Flush();
}
store.CompleteRun(runId, DateTimeOffset.UtcNow);
Console.Out.WriteLine("complete");
