using System.Diagnostics;
using CvmBench.Model;
using CvmBench.Transfers;

// A full sweep of the cost model: every platform, every strategy that applies to it, both directions, 64 transfer
// sizes, 32 values of the strategy's knob (pages per batch for batched conversion, reuses for convert-once; the other
// strategies have no knob and are evaluated 32 times alike). Prints the first sweep's time (cold: JIT and loading the
// embedded parameters included), the spread of 11 warm sweeps, then the same for the report the model command builds.
const int Runs = 11;
// Pinned is convert-once reused forever: no knob to sweep, and its time is convert-once's limit.
var kinds = Enum.GetValues<StrategyKind>().Where(k => k != StrategyKind.Pinned).ToArray();
var platforms = Enum.GetValues<PlatformProfile>();
Direction[] directions = [Direction.HostToDevice, Direction.DeviceToHost];

(long Evaluations, double Checksum) Sweep()
{
    var p = ModelParameters.Defaults;
    long evaluations = 0;
    double checksum = 0;
    foreach (var platform in platforms)
    {
        foreach (var kind in kinds.Where(k => TransferModel.Applies(platform, k)))
        {
            foreach (var direction in directions)
            {
                foreach (double bytes in ModelGrid.Sizes)
                {
                    for (int i = 0; i < ModelGrid.BatchPages.Count; i++)
                    {
                        var strategy = kind switch
                        {
                            StrategyKind.Bounce => TransferStrategy.Bounce,
                            StrategyKind.ConvertPerTransfer => TransferStrategy.ConvertPerTransfer,
                            StrategyKind.ConvertInBatches => TransferStrategy.InBatches(ModelGrid.BatchPages[i]),
                            StrategyKind.ConvertOnce => TransferStrategy.ConvertOnce(ModelGrid.Reuses[i]),
                            _ => TransferStrategy.EncryptedBounce,
                        };
                        checksum += TransferModel.Seconds(platform, strategy, direction, bytes, p);
                        evaluations++;
                    }
                }
            }
        }
    }
    return (evaluations, checksum);
}

double Time(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalMilliseconds;
}

(long count, double sum) = (0, 0);
double cold = Time(() => (count, sum) = Sweep());
Console.WriteLine($"full sweep, cold: {cold:F2} ms");
double[] sweeps = [.. Enumerable.Range(0, Runs).Select(_ => Time(() => Sweep())).Order()];
Console.WriteLine($"full sweep: {count} evaluations (checksum {sum:G6} s), median {sweeps[Runs / 2]:F2} ms, min {sweeps[0]:F2} ms, max {sweeps[^1]:F2} ms over {Runs} runs");

_ = ModelReport.Build(ParameterSet.Defaults, new ModelQuery());
double[] reports = [.. Enumerable.Range(0, Runs).Select(_ => Time(() => ModelReport.Build(ParameterSet.Defaults, new ModelQuery()))).Order()];
Console.WriteLine($"model report (tables, curves, break-evens, answers): median {reports[Runs / 2]:F2} ms, min {reports[0]:F2} ms over {Runs} runs");
