using CvmBench.Cuda;

namespace CvmBench.Platform;

/// <summary>One reading of a machine: the probe's profile, and the <see cref="HostFacts"/> derived from the same
/// reading (every file is read once, so the two cannot disagree). A command reads the machine once, through this.</summary>
/// <param name="Profile">What <c>probe</c> reports; runs keep it as their environment.</param>
/// <param name="Host">What the transfer and measurement code needs of the host.</param>
public sealed record MachineReading(MachineProfile Profile, HostFacts Host)
{
    /// <summary>The machine this process runs on, with the processors this process may use.</summary>
    public static MachineReading ReadLive() => Read(new LiveMachine(), Environment.ProcessorCount);

    /// <summary>Reads <paramref name="machine"/> once for both; <paramref name="usableCpus"/> as <see cref="HostFacts.Read"/> takes it.</summary>
    public static MachineReading Read(IProbeSource machine, int? usableCpus = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var once = new ReadOnce(machine);
        return new MachineReading(MachineProbe.Read(once), HostFacts.Read(once, usableCpus));
    }

    /// <summary>A source that reads each path of the machine at most once and answers again from what it read.</summary>
    private sealed class ReadOnce(IProbeSource machine) : IProbeSource
    {
        private readonly Dictionary<string, Fact<string>> _texts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Fact<IReadOnlyList<string>>> _lists = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Fact<bool>> _exists = new(StringComparer.Ordinal);
        private Fact<string>? _kernelLog;
        private Fact<IReadOnlyList<GpuInfo>>? _gpus;

        public Fact<string> ReadText(string path) => Remembered(_texts, path, machine.ReadText);

        public Fact<IReadOnlyList<string>> List(string directory) => Remembered(_lists, directory, machine.List);

        public Fact<bool> Exists(string path) => Remembered(_exists, path, machine.Exists);

        public Fact<string> KernelLog() => _kernelLog ??= machine.KernelLog();

        public Fact<IReadOnlyList<GpuInfo>> Gpus() => _gpus ??= machine.Gpus();

        private static T Remembered<T>(Dictionary<string, T> seen, string path, Func<string, T> read)
        {
            if (!seen.TryGetValue(path, out var value))
            {
                value = read(path);
                seen[path] = value;
            }
            return value;
        }
    }
}
