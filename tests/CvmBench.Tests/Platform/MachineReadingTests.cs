using CvmBench.Cuda;
using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

/// <summary>One reading of a machine gives both the probe and the host facts.</summary>
public class MachineReadingTests
{
    [Theory]
    [MemberData(nameof(PlatformFixtures.All), MemberType = typeof(PlatformFixtures))]
    public void The_probe_and_the_facts_are_what_each_reads_on_its_own(string machine)
    {
        var folder = PlatformFixtures.Folder(machine);
        var reading = MachineReading.Read(new CapturedMachine(folder), usableCpus: 3);
        Assert.Equal(MachineProbe.Read(new CapturedMachine(folder)).ToJson(), reading.Profile.ToJson());
        Assert.Equal(HostFacts.Read(new CapturedMachine(folder), usableCpus: 3), reading.Host);
    }

    [Fact]
    public void Every_file_is_read_once()
    {
        var counting = new CountingMachine(new CapturedMachine(PlatformFixtures.Folder(PlatformFixtures.DevelopmentMachine)));
        MachineReading.Read(counting);
        Assert.Contains("/proc/cpuinfo", counting.Reads.Keys);
        Assert.All(counting.Reads, read => Assert.True(read.Value == 1, $"{read.Key} read {read.Value} times"));
    }

    /// <summary>Counts the reads of each path.</summary>
    private sealed class CountingMachine(IProbeSource inner) : IProbeSource
    {
        public Dictionary<string, int> Reads { get; } = [];

        public Fact<string> ReadText(string path) => Counted(path, inner.ReadText(path));

        public Fact<IReadOnlyList<string>> List(string directory) => Counted(directory + "/", inner.List(directory));

        public Fact<bool> Exists(string path) => Counted("exists " + path, inner.Exists(path));

        public Fact<string> KernelLog() => Counted("kernel log", inner.KernelLog());

        public Fact<IReadOnlyList<GpuInfo>> Gpus() => Counted("gpus", inner.Gpus());

        private T Counted<T>(string what, T value)
        {
            Reads[what] = Reads.GetValueOrDefault(what) + 1;
            return value;
        }
    }
}
