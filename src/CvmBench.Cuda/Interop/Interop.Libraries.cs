namespace CvmBench.Cuda.Interop;

/// <summary>The native libraries bound here, by their versioned SONAMEs: the unversioned names are
/// development symlinks that driver-only machines often lack.</summary>
internal static class Libraries
{
    public const string Cuda = "libcuda.so.1";
    public const string Nvml = "libnvidia-ml.so.1";
    public const string Libc = "libc.so.6";
}
