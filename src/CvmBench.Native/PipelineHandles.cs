using System.Collections.Concurrent;

namespace CvmBench.Native;

/// <summary>The open pipelines by handle. A handle is a number, never a pointer, and is never reused, so a closed or
/// made-up handle is an error (CVM_ERROR_CLOSED) rather than a wild pointer.</summary>
internal static class PipelineHandles
{
    // Process-wide by nature: the C caller holds only the number.
    private static readonly ConcurrentDictionary<ulong, NativePipeline> s_open = new();
    private static long s_last;

    public static ulong Add(NativePipeline pipeline)
    {
        ulong handle = (ulong)Interlocked.Increment(ref s_last);
        s_open[handle] = pipeline;
        return handle;
    }

    /// <exception cref="ObjectDisposedException">No open pipeline has this handle.</exception>
    public static NativePipeline Get(ulong handle) =>
        s_open.TryGetValue(handle, out var pipeline) ? pipeline : throw Closed(handle);

    /// <summary>Takes the pipeline out of the table; the caller closes it.</summary>
    public static NativePipeline Remove(ulong handle) =>
        s_open.TryRemove(handle, out var pipeline) ? pipeline : throw Closed(handle);

    private static ObjectDisposedException Closed(ulong handle) =>
        new("cvmbench pipeline", $"pipeline {handle} is closed (or never was open)");
}
