using CvmBench.Cuda;

namespace CvmBench.Platform;

/// <summary>Where the probe reads a machine from: the live machine, or a folder holding a captured one.
/// Paths are the machine's own (<c>/proc/cpuinfo</c>). Every answer is a <see cref="Fact{T}"/>, so a
/// missing or unreadable source becomes an unknown with its reason instead of an exception.</summary>
public interface IProbeSource
{
    /// <summary>A file's whole text.</summary>
    Fact<string> ReadText(string path);

    /// <summary>The names of a directory's entries, sorted.</summary>
    Fact<IReadOnlyList<string>> List(string directory);

    /// <summary>Whether a path (a device node, typically) exists.</summary>
    Fact<bool> Exists(string path);

    /// <summary>The kernel log, one message a line.</summary>
    Fact<string> KernelLog();

    /// <summary>The GPUs the NVIDIA driver sees.</summary>
    Fact<IReadOnlyList<GpuInfo>> Gpus();
}
