using System.Diagnostics;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>One strategy at one size: the host buffers its transfers rotate over (together at least twice the
/// last-level cache, the rotation going on from sample to sample, so every transfer finds its host memory out of the
/// cache, as the model's host copy rates are measured), the data sent, warm-up, the destination poisoned, timed
/// samples of transfers one at a time on the host clock, and the check of what the last transfer delivered.</summary>
internal sealed unsafe class TransferLoop : IDisposable
{
    private const byte Poison = 0xA5;

    private readonly ITransferDevice _device;
    private readonly EmulationOptions _options;
    private readonly IEmulatedTransfer _transfer;
    private readonly IDeviceBuffer _deviceBuffer;
    private readonly IHostBuffer _host;
    private readonly bool _ownsHost;
    private readonly long _bytes;
    private readonly long _stride;
    private readonly bool _toDevice;
    private int _next;
    private int _last;

    /// <summary>The loop of <paramref name="emulation"/> at <paramref name="bytes"/>; <paramref name="arena"/> is
    /// pageable memory of at least <see cref="HostBytes"/> for this size, which the loop uses (and leaves allocated)
    /// where the strategy takes pageable memory; pinned memory it allocates itself.</summary>
    public TransferLoop(ITransferDevice device, EmulationOptions options, EmulationCase emulation, long bytes, IEmulatedTransfer transfer, IDeviceBuffer deviceBuffer, IHostBuffer arena)
    {
        _device = device;
        _options = options;
        _transfer = transfer;
        _deviceBuffer = deviceBuffer;
        _bytes = bytes;
        _toDevice = emulation.Direction == Direction.HostToDevice;
        Units = options.UnitsPerSample(bytes * emulation.Reuses);
        _stride = HostRotation.PageRound(bytes);
        Slots = options.HostBuffers(bytes);
        _ownsHost = emulation.Strategy == StrategyKind.Pinned;
        if (!_ownsHost && arena.Length < _stride * Slots)
        {
            throw new ArgumentException($"the arena holds {arena.Length} bytes, the loop needs {_stride * Slots}", nameof(arena));
        }
        _host = _ownsHost ? device.AllocateHost(MemoryKind.Pinned, _stride * Slots) : arena;
        if (_toDevice)
        {
            for (int slot = 0; slot < Slots; slot++)
            {
                DataPattern.Fill(_host.Pointer + (nint)(slot * _stride), bytes, options.Measurement.Seed);
            }
        }
        else if (transfer is EncryptedCopy sealedCopy)
        {
            sealedCopy.Bounce.SealPatternOnDevice(device, deviceBuffer, bytes, options.Measurement.Seed, EncryptedCopy.PreparedTransfer);
        }
        else
        {
            DevicePattern.Fill(device, deviceBuffer, bytes, options.Measurement.Seed);
        }
    }

    /// <summary>Transfers (for convert-once: cycles) per sample.</summary>
    public int Units { get; }

    /// <summary>Host buffers the transfers rotate over.</summary>
    public int Slots { get; }

    public void WarmUp()
    {
        for (int w = 0; w < _options.Measurement.WarmupCopies; w++)
        {
            Run();
        }
    }

    /// <summary>One transfer (or cycle) from the next host buffer, untimed.</summary>
    public long Run()
    {
        long moved = _transfer.Run(_host, _next * _stride, _bytes);
        _last = _next;
        _next = (_next + 1) % Slots;
        return moved;
    }

    /// <summary><see cref="Units"/> transfers one at a time, timed together.</summary>
    public OperationSample Sample()
    {
        long moved = 0;
        long start = Stopwatch.GetTimestamp();
        for (int u = 0; u < Units; u++)
        {
            moved += Run();
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        return new OperationSample(moved, Math.Max(1, (long)Math.Round(elapsed * 1e9 / Stopwatch.Frequency)));
    }

    /// <summary>Overwrites every destination, so a check afterwards proves that later transfers wrote it.</summary>
    public void PoisonDestination()
    {
        if (_toDevice)
        {
            long deviceBytes = _transfer is EncryptedCopy ? EncryptedBounce.SealedBytes(_bytes) : _bytes;
            DevicePattern.Poison(_device, _deviceBuffer, deviceBytes, Poison);
            return;
        }
        for (int slot = 0; slot < Slots; slot++)
        {
            for (long offset = 0; offset < _bytes; offset += int.MaxValue)
            {
                new Span<byte>((byte*)_host.Pointer + slot * _stride + offset, (int)Math.Min(int.MaxValue, _bytes - offset)).Fill(Poison);
            }
        }
    }

    /// <summary>The offset of the first byte the last transfer delivered that differs from what was sent, or -1.</summary>
    public long FindMismatch() => _toDevice
        ? _transfer is EncryptedCopy encryptedCopy
            ? encryptedCopy.Bounce.FindPatternMismatchOnDevice(_device, _deviceBuffer, _bytes, _options.Measurement.Seed, encryptedCopy.Bounce.LastTransfer)
            : DevicePattern.FindMismatch(_device, _deviceBuffer, _bytes, _options.Measurement.Seed)
        : DataPattern.FindMismatch(_host.Pointer + (nint)(_last * _stride), _bytes, _options.Measurement.Seed);

    /// <summary>The host memory a loop of <paramref name="bytes"/> rotates over.</summary>
    public static long HostBytes(EmulationOptions options, long bytes) => options.HostBuffers(bytes) * HostRotation.PageRound(bytes);

    public void Dispose()
    {
        if (_ownsHost)
        {
            _host.Dispose();
        }
    }
}
