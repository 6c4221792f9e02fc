using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CvmBench.Transfers;

namespace CvmBench.Native;

/// <summary>The C entry points of include/cvmbench.h. Each one catches everything: no exception crosses into C.</summary>
internal static unsafe class Exports
{
    private const int AbiVersion = 1;

    [UnmanagedCallersOnly(EntryPoint = "cvm_abi_version")]
    public static int Version() => AbiVersion;

    [UnmanagedCallersOnly(EntryPoint = "cvm_last_error")]
    public static nint LastErrorText()
    {
        try
        {
            return LastError.Get();
        }
        catch (OutOfMemoryException)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_open")]
    public static int Open(int device, CvmOptions* options, ulong* pipeline)
    {
        try
        {
            Required(pipeline, nameof(pipeline));
            *pipeline = 0;
            *pipeline = PipelineHandles.Add(NativePipeline.Open(device, options == null ? default : *options));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_close")]
    public static int Close(ulong pipeline)
    {
        try
        {
            PipelineHandles.Remove(pipeline).Dispose();
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_info_of")]
    public static int InfoOf(ulong pipeline, CvmInfo* info)
    {
        try
        {
            Required(info, nameof(info));
            *info = PipelineHandles.Get(pipeline).Info;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_copy_to_device")]
    public static int CopyToDevice(ulong pipeline, ulong destination, nint source, long bytes)
    {
        try
        {
            PipelineHandles.Get(pipeline).CopyToDevice(destination, source, bytes);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_copy_to_host")]
    public static int CopyToHost(ulong pipeline, nint destination, ulong source, long bytes)
    {
        try
        {
            PipelineHandles.Get(pipeline).CopyToHost(destination, source, bytes);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_copy_pieces_to_device")]
    public static int CopyPiecesToDevice(ulong pipeline, CvmPiece* pieces, long count)
    {
        try
        {
            PipelineHandles.Get(pipeline).Copy(Direction.HostToDevice, Pieces(pieces, count));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_copy_pieces_to_host")]
    public static int CopyPiecesToHost(ulong pipeline, CvmPiece* pieces, long count)
    {
        try
        {
            PipelineHandles.Get(pipeline).Copy(Direction.DeviceToHost, Pieces(pieces, count));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_last_timeline")]
    public static int LastTimeline(ulong pipeline, CvmTimeline* timeline)
    {
        try
        {
            Required(timeline, nameof(timeline));
            var last = PipelineHandles.Get(pipeline).LastTransfer;
            *timeline = new CvmTimeline
            {
                Bytes = last.Bytes,
                Dmas = last.Dmas,
                LastHelperJoined = last.LastHelperJoined.TotalSeconds,
                FirstSliceClaimed = last.FirstSliceClaimed.TotalSeconds,
                FirstChunkCopied = last.FirstChunkCopied.TotalSeconds,
                FirstDmaQueued = last.FirstDmaQueued.TotalSeconds,
                LastChunkCopied = last.LastChunkCopied.TotalSeconds,
                LastDmaQueued = last.LastDmaQueued.TotalSeconds,
                DmasDone = last.DmasDone.TotalSeconds,
                HelpersOut = last.HelpersOut.TotalSeconds,
                Total = last.Total.TotalSeconds,
            };
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_device_alloc")]
    public static int DeviceAlloc(ulong pipeline, long bytes, ulong* address)
    {
        try
        {
            Required(address, nameof(address));
            *address = 0;
            *address = PipelineHandles.Get(pipeline).Allocate(bytes);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_device_free")]
    public static int DeviceFree(ulong pipeline, ulong address)
    {
        try
        {
            PipelineHandles.Get(pipeline).Free(address);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_upload")]
    public static int Upload(ulong pipeline, ulong destination, nint source, long bytes)
    {
        try
        {
            PipelineHandles.Get(pipeline).Upload(destination, source, bytes);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "cvm_download")]
    public static int Download(ulong pipeline, nint destination, ulong source, long bytes)
    {
        try
        {
            PipelineHandles.Get(pipeline).Download(destination, source, bytes);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return Status.Fail(e);
        }
    }

    private static CvmPiece[] Pieces(CvmPiece* pieces, long count)
    {
        if (count < 0 || count > Array.MaxLength)
        {
            throw new ArgumentException($"the piece count must be between 0 and {Array.MaxLength} (got {count})");
        }
        if (count > 0)
        {
            Required(pieces, nameof(pieces));
        }
        return new ReadOnlySpan<CvmPiece>(pieces, (int)count).ToArray();
    }

    private static void Required(void* pointer, [CallerArgumentExpression(nameof(pointer))] string name = "")
    {
        if (pointer == null)
        {
            throw new ArgumentException($"{name} is null");
        }
    }
}
