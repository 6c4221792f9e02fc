using CvmBench.Cuda;
using CvmBench.Transfers;

namespace CvmBench.StagingBench;

/// <summary>Pageable memory mapped directly, backed by 4 KiB pages or (where the kernel allows) 2 MiB transparent huge
/// pages, whatever the system's THP default, so both can be compared on one machine.</summary>
internal sealed class MappedBuffer(long bytes, bool hugePages) : IHostBuffer
{
    private readonly HostMapping _mapping = HostMapping.MapTransparent(bytes, hugePages);

    /// <summary>Huge pages were asked for; the kernel may have refused them (THP disabled), which the report shows.</summary>
    public bool HugePages { get; } = hugePages;

    public MemoryKind Kind => MemoryKind.Pageable;

    public long Length => _mapping.Length;

    public nint Pointer => _mapping.Pointer;

    public ulong DeviceAddress => 0;

    public void Dispose() => _mapping.Dispose();
}
