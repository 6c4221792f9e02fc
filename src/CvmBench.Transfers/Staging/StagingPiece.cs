namespace CvmBench.Transfers.Staging;

/// <summary>One piece of a many-piece transfer (<see cref="StagingPipeline.CopyToDevice(IDeviceBuffer, ReadOnlySpan{StagingPiece}, CancellationToken)"/>):
/// <paramref name="Bytes"/> bytes of host memory at <paramref name="Host"/> (pageable or not, any alignment) and the
/// device buffer's bytes at <paramref name="DeviceOffset"/>. A piece of zero bytes is allowed and moves nothing.</summary>
/// <param name="Host">The piece's first host byte; may be zero only for an empty piece.</param>
/// <param name="DeviceOffset">Where the piece lies in the device buffer.</param>
/// <param name="Bytes">The piece's length.</param>
public readonly record struct StagingPiece(nint Host, long DeviceOffset, long Bytes);
