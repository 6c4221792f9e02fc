namespace CvmBench.Transfers.Staging;

/// <summary>Where one staged transfer's time went, each point measured from the moment the transfer had the pipeline
/// (<see cref="StagingPipeline.LastTransfer"/>). Host to device the host copies lead and the DMAs follow; device to
/// host the DMAs lead, so there the first chunk is copied after its DMA and the last copy ends the transfer.</summary>
/// <param name="Bytes">The transfer's size.</param>
/// <param name="Dmas">The DMAs it moved in.</param>
/// <param name="LastHelperJoined">The last helper thread woken for the transfer began to work on it (zero without
/// helpers): how long waking them took.</param>
/// <param name="FirstSliceClaimed">A copying thread took the first slice.</param>
/// <param name="FirstChunkCopied">The first chunk's host copy was complete.</param>
/// <param name="FirstDmaQueued">The first DMA was queued.</param>
/// <param name="LastChunkCopied">The last chunk's host copy was complete.</param>
/// <param name="LastDmaQueued">The last DMA was queued.</param>
/// <param name="DmasDone">The driving thread saw the last DMA complete.</param>
/// <param name="HelpersOut">Every helper thread had left the transfer.</param>
/// <param name="Total">The transfer returned (the queues synchronized).</param>
public readonly record struct StagingTimeline(
    long Bytes,
    long Dmas,
    TimeSpan LastHelperJoined,
    TimeSpan FirstSliceClaimed,
    TimeSpan FirstChunkCopied,
    TimeSpan FirstDmaQueued,
    TimeSpan LastChunkCopied,
    TimeSpan LastDmaQueued,
    TimeSpan DmasDone,
    TimeSpan HelpersOut,
    TimeSpan Total);
