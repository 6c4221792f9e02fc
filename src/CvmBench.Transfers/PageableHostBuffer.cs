using System.Runtime.InteropServices;

namespace CvmBench.Transfers;

/// <summary>Ordinary pageable memory, page-aligned, as an application's own buffer would be.</summary>
public sealed unsafe class PageableHostBuffer : IHostBuffer
{
    private const int PageSize = 4096;
    private nint _pointer;

    public PageableHostBuffer(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        _pointer = (nint)NativeMemory.AlignedAlloc((nuint)bytes, PageSize);
        Length = bytes;
    }

    public MemoryKind Kind => MemoryKind.Pageable;

    public long Length { get; }

    public nint Pointer => _pointer != 0 ? _pointer : throw new ObjectDisposedException(nameof(PageableHostBuffer));

    public ulong DeviceAddress => 0;

    public void Dispose()
    {
        if (_pointer != 0)
        {
            NativeMemory.AlignedFree((void*)_pointer);
            _pointer = 0;
        }
    }
}
