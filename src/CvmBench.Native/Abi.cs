using System.Runtime.InteropServices;

namespace CvmBench.Native;

// The structures of include/cvmbench.h, field for field.

/// <summary>cvm_options.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CvmOptions
{
    public int Threads;
    public int Sealed;
    public long SegmentBytes;
}

/// <summary>cvm_piece.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CvmPiece
{
    public nint Host;
    public ulong Device;
    public long Bytes;
}

/// <summary>cvm_timeline.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CvmTimeline
{
    public long Bytes;
    public long Dmas;
    public double LastHelperJoined;
    public double FirstSliceClaimed;
    public double FirstChunkCopied;
    public double FirstDmaQueued;
    public double LastChunkCopied;
    public double LastDmaQueued;
    public double DmasDone;
    public double HelpersOut;
    public double Total;
}

/// <summary>cvm_info.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CvmInfo
{
    public int Device;
    public int Sealed;
    public int Threads;
    public int Streams;
    public long ChunkBytes;
    public long PoolChunks;
    public long SegmentBytes;
}
