using System.Runtime.InteropServices;
using CvmBench.Transfers;

namespace CvmBench.StagingBench;

/// <summary>Pageable memory mapped directly, backed by 4 KiB pages or (where the kernel allows) 2 MiB transparent huge
/// pages, whatever the system's THP default, so both can be compared on one machine.</summary>
internal sealed class MappedBuffer : IHostBuffer
{
    private const long HugePage = 2L << 20;
    private readonly nint _mapping;
    private readonly nuint _mappedBytes;

    public MappedBuffer(long bytes, bool hugePages)
    {
        // Over-map by a huge page so the start can sit on a 2 MiB boundary, where THP can back it.
        _mappedBytes = (nuint)(bytes + HugePage);
        _mapping = Libc.Map(0, _mappedBytes, Libc.ProtReadWrite, Libc.MapPrivateAnonymous, -1, 0);
        if (_mapping == -1)
        {
            throw new InsufficientMemoryException($"mmap of {Units.FormatBytes(bytes)} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        Pointer = (nint)(((long)_mapping + HugePage - 1) & ~(HugePage - 1));
        Length = bytes;
        HugePages = hugePages;
        // Advice before the first touch decides the page size; it may be refused (THP disabled), which the report shows.
        _ = Libc.Advise(Pointer, (nuint)bytes, hugePages ? Libc.AdviseHugePage : Libc.AdviseNoHugePage);
    }

    public bool HugePages { get; }

    public MemoryKind Kind => MemoryKind.Pageable;

    public long Length { get; }

    public nint Pointer { get; }

    public ulong DeviceAddress => 0;

    public void Dispose() => _ = Libc.Unmap(_mapping, _mappedBytes);
}
