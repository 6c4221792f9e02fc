using System.Runtime.InteropServices;

namespace CvmBench.StagingBench;

/// <summary>The driver's batched copy (<c>cuMemcpyBatchAsync</c>, CUDA 12.8 and later) of many host pieces to or from
/// one device region, on a stream of its own, for the pieces benchmark to compare with. The entry point changed in
/// CUDA 13.0 (the failure index argument was dropped), so it is bound by version through <c>cuGetProcAddress</c>:
/// the 13.0 signature where the driver has it, else the 12.8 one. Uses the context current on the calling thread.</summary>
internal sealed unsafe partial class BatchCopy : IDisposable
{
    private const string Library = "libcuda.so.1";
    // CUmemcpySrcAccessOrder: in stream order; or at any time, the caller promising the source stays as it is until
    // the copy completes, which lets the driver read pageable memory when it likes.
    private const int AccessInStreamOrder = 1;
    private const int AccessAny = 3;
    // CUmemLocationType.
    private const int LocationDevice = 1;
    private const int LocationHost = 2;
    private const uint StreamNonBlocking = 1;

    private readonly delegate* unmanaged<ulong*, ulong*, nuint*, nuint, Attributes*, nuint*, nuint, nint, int> _v13;
    private readonly delegate* unmanaged<ulong*, ulong*, nuint*, nuint, Attributes*, nuint*, nuint, nuint*, nint, int> _v12;
    private readonly nint _stream;

    private BatchCopy(nint entry, int version, nint stream)
    {
        if (version >= 13000)
        {
            _v13 = (delegate* unmanaged<ulong*, ulong*, nuint*, nuint, Attributes*, nuint*, nuint, nint, int>)entry;
        }
        else
        {
            _v12 = (delegate* unmanaged<ulong*, ulong*, nuint*, nuint, Attributes*, nuint*, nuint, nuint*, nint, int>)entry;
        }
        _stream = stream;
        Version = version;
    }

    /// <summary>The CUDA version whose signature was bound (13000 or 12080).</summary>
    public int Version { get; }

    /// <summary>The batched copy, or null with the reason where the driver lacks it.</summary>
    public static BatchCopy? TryBind(out string reason)
    {
        Check(DriverGetVersion(out int driver), "cuDriverGetVersion");
        int version = driver >= 13000 ? 13000 : driver >= 12080 ? 12080 : 0;
        if (version == 0)
        {
            reason = $"the driver supports CUDA {driver / 1000}.{driver % 1000 / 10}; cuMemcpyBatchAsync needs 12.8";
            return null;
        }
        nint entry;
        int status;
        int result = GetProcAddress("cuMemcpyBatchAsync", &entry, version, 0, &status);
        if (result != 0 || entry == 0)
        {
            reason = $"cuGetProcAddress(cuMemcpyBatchAsync, {version}) gave CUresult {result}, status {status}";
            return null;
        }
        Check(StreamCreate(out nint stream, StreamNonBlocking), "cuStreamCreate");
        reason = "";
        return new BatchCopy(entry, version, stream);
    }

    /// <summary>Device memory of the context current on this thread, for the batched copies' device side.</summary>
    public static ulong AllocateDevice(long bytes)
    {
        Check(MemAlloc(out ulong pointer, (nuint)bytes), "cuMemAlloc");
        return pointer;
    }

    public static void FreeDevice(ulong pointer) => _ = MemFree(pointer);

    /// <summary>Copies each host piece to (or from) <paramref name="device"/> at its offset, as one batch, and waits.</summary>
    public void Copy(bool toDevice, ReadOnlySpan<nint> hosts, ReadOnlySpan<long> deviceOffsets, long pieceBytes, ulong device, bool pageable)
    {
        int count = hosts.Length;
        var destinations = stackalloc ulong[count];
        var sources = stackalloc ulong[count];
        var sizes = stackalloc nuint[count];
        for (int i = 0; i < count; i++)
        {
            ulong onDevice = device + (ulong)deviceOffsets[i];
            destinations[i] = toDevice ? onDevice : (ulong)hosts[i];
            sources[i] = toDevice ? (ulong)hosts[i] : onDevice;
            sizes[i] = (nuint)pieceBytes;
        }
        var attributes = new Attributes
        {
            SourceAccessOrder = toDevice && pageable ? AccessAny : AccessInStreamOrder,
            SourceType = toDevice ? LocationHost : LocationDevice,
            DestinationType = toDevice ? LocationDevice : LocationHost,
        };
        nuint firstIndex = 0;
        nuint failed = 0;
        int result = Version >= 13000
            ? _v13(destinations, sources, sizes, (nuint)count, &attributes, &firstIndex, 1, _stream)
            : _v12(destinations, sources, sizes, (nuint)count, &attributes, &firstIndex, 1, &failed, _stream);
        Check(result, "cuMemcpyBatchAsync");
        Check(StreamSynchronize(_stream), "cuStreamSynchronize");
    }

    public void Dispose() => _ = StreamDestroy(_stream);

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed: CUresult {result}");
        }
    }

    /// <summary>CUmemcpyAttributes: the source access order, the source's and destination's location hints
    /// (CUmemLocation: type, id) and flags.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Attributes
    {
        public int SourceAccessOrder;
        public int SourceType;
        public int SourceId;
        public int DestinationType;
        public int DestinationId;
        public uint Flags;
    }

    [LibraryImport(Library, EntryPoint = "cuDriverGetVersion")]
    private static partial int DriverGetVersion(out int version);

    [LibraryImport(Library, EntryPoint = "cuGetProcAddress_v2", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetProcAddress(string symbol, nint* entry, int cudaVersion, ulong flags, int* status);

    [LibraryImport(Library, EntryPoint = "cuStreamCreate")]
    private static partial int StreamCreate(out nint stream, uint flags);

    [LibraryImport(Library, EntryPoint = "cuStreamDestroy_v2")]
    private static partial int StreamDestroy(nint stream);

    [LibraryImport(Library, EntryPoint = "cuStreamSynchronize")]
    private static partial int StreamSynchronize(nint stream);

    [LibraryImport(Library, EntryPoint = "cuMemAlloc_v2")]
    private static partial int MemAlloc(out ulong pointer, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemFree_v2")]
    private static partial int MemFree(ulong pointer);
}
