using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>Pins the calling thread to a set of CPUs (Linux sched_setaffinity), so each GPU is driven from the NUMA
/// node it is attached to.</summary>
public static unsafe class ThreadAffinity
{
    private const int Words = 64; // 4096 CPUs

    /// <summary>Pins the calling thread to <paramref name="cpus"/> and returns the CPUs it then runs on, in CPU-list
    /// notation. Throws <see cref="InvalidOperationException"/> with the system's reason when the kernel refuses.</summary>
    public static string PinCurrentThread(IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        ulong* mask = stackalloc ulong[Words];
        new Span<ulong>(mask, Words).Clear();
        foreach (int cpu in cpus)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cpu);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cpu, Words * 64);
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        if (LibcApi.sched_setaffinity(0, Words * sizeof(ulong), mask) != 0)
        {
            throw new InvalidOperationException($"sched_setaffinity({CpuList.Format(cpus)}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return CurrentThread();
    }

    /// <summary>The CPUs the calling thread may run on, in CPU-list notation.</summary>
    public static string CurrentThread()
    {
        ulong* mask = stackalloc ulong[Words];
        if (LibcApi.sched_getaffinity(0, Words * sizeof(ulong), mask) != 0)
        {
            throw new InvalidOperationException($"sched_getaffinity: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return CpuList.Format(CpuList.FromMask(new ReadOnlySpan<ulong>(mask, Words)));
    }
}
