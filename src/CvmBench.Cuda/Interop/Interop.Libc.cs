using System.Runtime.InteropServices;

namespace CvmBench.Cuda.Interop;

/// <summary>The one libc call the GPU layer needs: pinning a host thread to the CPUs near its GPU.</summary>
internal static unsafe partial class LibcApi
{
    [LibraryImport("libc", SetLastError = true)]
    public static partial int sched_setaffinity(int pid, nuint cpuSetSize, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sched_getaffinity(int pid, nuint cpuSetSize, ulong* mask);
}
