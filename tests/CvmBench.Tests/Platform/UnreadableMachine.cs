using CvmBench.Cuda;
using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

/// <summary>A machine that refuses every read, as an unprivileged user may meet one.</summary>
internal sealed class UnreadableMachine : IProbeSource
{
    public const string Reason = "permission denied";

    public Fact<string> ReadText(string path) => Fact<string>.Missing(path, Reason);

    public Fact<IReadOnlyList<string>> List(string directory) => Fact<IReadOnlyList<string>>.Missing(directory, Reason);

    public Fact<bool> Exists(string path) => Fact<bool>.Missing(path, Reason);

    public Fact<string> KernelLog() => Fact<string>.Missing("/dev/kmsg", Reason);

    public Fact<IReadOnlyList<GpuInfo>> Gpus() => Fact<IReadOnlyList<GpuInfo>>.Missing("NVML", DriverNotFoundException.DefaultMessage);
}
