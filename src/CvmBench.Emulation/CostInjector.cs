using CvmBench.Model;

namespace CvmBench.Emulation;

/// <summary>Spends a platform's costs that this machine cannot produce (exits, secure-EPT work, ACCEPT, cache and TLB
/// flushes, swiotlb slot handling, CC mode's per-chunk commands) as busy waits at the points where they occur, in the
/// amounts the model gives for the parameters in effect. Conversions hold one lock, as Linux converts under one global
/// lock: two threads never convert at once.</summary>
public sealed class CostInjector
{
    private readonly object _conversionLock = new();
    private readonly PlatformProfile _platform;
    private readonly ModelParameters _parameters;
    private readonly BusyWait _wait;
    private readonly bool _zero;

    /// <param name="platform">The platform whose costs are injected.</param>
    /// <param name="parameters">The model's parameters.</param>
    /// <param name="zero">Keep every injection point but spend nothing: the emulation's own overhead.</param>
    /// <param name="wait">The calibrated busy wait.</param>
    public CostInjector(PlatformProfile platform, ModelParameters parameters, bool zero, BusyWait wait)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(wait);
        _platform = platform;
        _parameters = parameters;
        _zero = zero;
        _wait = wait;
    }

    /// <summary>Whether the platform bounces through swiotlb (a confidential VM) rather than the driver's pinned
    /// staging buffers.</summary>
    public static bool BouncesThroughSwiotlb(PlatformProfile platform) =>
        platform is PlatformProfile.Tdx or PlatformProfile.SevSnp or PlatformProfile.SnpPageFlip;

    /// <summary>Seconds one private-to-shared conversion of <paramref name="bytes"/> spends.</summary>
    public double ToSharedSeconds(long bytes) => _zero ? 0 : PageConversionModel.ToShared(_platform, bytes, _parameters).Total;

    /// <summary>Seconds one shared-to-private conversion of <paramref name="bytes"/> spends.</summary>
    public double ToPrivateSeconds(long bytes) => _zero ? 0 : PageConversionModel.ToPrivate(_platform, bytes, _parameters).Total;

    /// <summary>Seconds one swiotlb mapping (map and unmap) spends besides its copy; zero outside confidential VMs.</summary>
    public double MappingSeconds => _zero || !BouncesThroughSwiotlb(_platform) ? 0 : _parameters.Swiotlb.MappingCost;

    /// <summary>Seconds CC mode spends per staging chunk besides encrypting it.</summary>
    public double ChunkSeconds => _zero ? 0 : _parameters.Encrypted.ChunkCost;

    /// <summary>set_memory_decrypted of <paramref name="bytes"/>: one conversion call, under the conversion lock.</summary>
    public void ToShared(long bytes)
    {
        lock (_conversionLock)
        {
            _wait.Spin(ToSharedSeconds(bytes));
        }
    }

    /// <summary>set_memory_encrypted of <paramref name="bytes"/>: one conversion call, under the conversion lock.</summary>
    public void ToPrivate(long bytes)
    {
        lock (_conversionLock)
        {
            _wait.Spin(ToPrivateSeconds(bytes));
        }
    }

    /// <summary>One swiotlb mapping's slot search, bookkeeping and unmapping, on the thread that maps.</summary>
    public void Mapping() => _wait.Spin(MappingSeconds);

    /// <summary>CC mode's encrypted commands and semaphore handshake for one staging chunk.</summary>
    public void Chunk() => _wait.Spin(ChunkSeconds);
}
