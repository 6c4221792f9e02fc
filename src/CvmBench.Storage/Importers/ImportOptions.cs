namespace CvmBench.Storage.Importers;

/// <summary>What an output file does not say and the user may.</summary>
/// <param name="NvbandwidthBufferBytes">nvbandwidth prints no buffer size; its default (512 MiB) unless told.</param>
public sealed record ImportOptions(long NvbandwidthBufferBytes = ImportOptions.NvbandwidthDefaultBufferBytes)
{
    /// <summary>nvbandwidth's <c>--bufferSize</c> default: 512 MiB.</summary>
    public const long NvbandwidthDefaultBufferBytes = 512L << 20;
}
