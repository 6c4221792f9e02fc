using System.Diagnostics;
using System.Globalization;
using System.Text;
using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.StagingBench;

/// <summary>Many pieces in one call: 128 blocks of 256 KiB (a KV cache's), scattered in pageable memory, to and from
/// one device region, staged as one pipelined transfer against a loop of CUDA pageable copies of the same pieces, a loop
/// of pinned copies, the driver's batched copy (pageable and pinned) where it has one, and one pinned copy of the whole.</summary>
internal sealed class PiecesBenchmark(ITransferDevice device, bool onGpu, int budget, StagingOptions? fixedOptions, int pieces, long pieceBytes, int rounds)
{
    private const ulong Seed = 0xB10C;
    private const long ArenaBytes = 1L << 30;

    /// <summary>The pipeline a mode measures: <paramref name="fixedOptions"/> where given, so two engines are compared
    /// on one configuration, else the tuner's pick under <paramref name="budget"/>; and why.</summary>
    public static (StagingOptions Options, string Why) Configure(ITransferDevice device, int budget, StagingOptions? fixedOptions)
    {
        if (fixedOptions is not null)
        {
            return (fixedOptions, "fixed by --fixed-threads (no tuner)");
        }
        var tuning = StagingTuner.Tune(device, Machine.Host, budget);
        return (tuning.Options, tuning.Summary);
    }

    public string Run()
    {
        device.BindToThread();
        var (staging, _) = Configure(device, budget, fixedOptions);
        long total = pieces * pieceBytes;
        long slots = ArenaBytes / pieceBytes;
        using var memory = device.AllocateDevice(total);
        using var pageable = HostCopyBenchmark.Touched(new MappedBuffer(ArenaBytes, hugePages: false));
        using var pinned = device.AllocateHost(MemoryKind.Pinned, ArenaBytes);
        using var queue = device.CreateQueue();
        using var pipeline = new StagingPipeline(device, staging);
        DataPattern.Fill(pageable.Pointer, ArenaBytes, Seed);
        string noBatch = "the simulated device has none";
        using var batch = onGpu ? BatchCopy.TryBind(out noBatch) : null;
        ulong batchMemory = batch is null ? 0 : BatchCopy.AllocateDevice(total);
        var random = new Random(17);
        var hostOffsets = new long[pieces];
        var deviceOffsets = Enumerable.Range(0, pieces).Select(b => b * pieceBytes).ToArray();
        var list = new StagingPiece[pieces];
        var pageableHosts = new nint[pieces];
        var pinnedHosts = new nint[pieces];
        try
        {

            var lanes = new List<(string Name, Action<bool> Copy)>
            {
                ("staged, one call", toDevice =>
                {
                    if (toDevice)
                    {
                        pipeline.CopyToDevice(memory, list);
                    }
                    else
                    {
                        pipeline.CopyToHost(memory, list);
                    }
                }),
                ("CUDA pageable, a copy per piece", toDevice => Loop(pageable, toDevice)),
                ("CUDA pinned, a copy per piece", toDevice => Loop(pinned, toDevice)),
            };
            if (batch is not null)
            {
                lanes.Add(($"cuMemcpyBatchAsync ({batch.Version / 1000}.{batch.Version % 1000 / 10} entry point), pageable", toDevice => batch.Copy(toDevice, pageableHosts, deviceOffsets, pieceBytes, batchMemory, pageable: true)));
                lanes.Add(($"cuMemcpyBatchAsync ({batch.Version / 1000}.{batch.Version % 1000 / 10} entry point), pinned", toDevice => batch.Copy(toDevice, pinnedHosts, deviceOffsets, pieceBytes, batchMemory, pageable: false)));
            }
            long wholeOffset = 0;
            lanes.Add(($"CUDA pinned, one copy of {Units.FormatBytes(total)}", toDevice =>
            {
                wholeOffset = (wholeOffset + total) % (ArenaBytes - total + 1) / pieceBytes * pieceBytes;
                if (toDevice)
                {
                    queue.CopyHostToDevice(memory, 0, pinned, wholeOffset, total, CopyMethod.CopyEngine);
                }
                else
                {
                    queue.CopyDeviceToHost(pinned, wholeOffset, memory, 0, total, CopyMethod.CopyEngine);
                }
                queue.Synchronize();
            }));

            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"### {pieces} pieces of {Units.FormatBytes(pieceBytes)} scattered over {Units.FormatBytes(ArenaBytes)} of host memory (4 KiB pages), to and from one device region; GB/s, median of {rounds} rounds, each lane once per round on freshly drawn pieces, wall clock per call");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"- staging: {staging}");
            if (batch is null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- no batched copy: {noBatch}");
            }
            text.AppendLine();
            text.AppendLine("| method | H2D | of one pinned copy | D2H | of one pinned copy |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
            var rates = new Dictionary<(string, bool), double>();
            string staged = "";
            foreach (bool toDevice in new[] { true, false })
            {
                Console.Error.WriteLine($"pieces: {(toDevice ? "H2D" : "D2H")}");
                if (!toDevice)
                {
                    DevicePattern.Fill(device, memory, total, Seed);
                }
                var samples = lanes.ToDictionary(l => l.Name, _ => new List<double>());
                for (int round = -1; round < rounds; round++)
                {
                    Draw();
                    foreach (var (name, copy) in lanes)
                    {
                        long start = Stopwatch.GetTimestamp();
                        copy(toDevice);
                        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                        if (round >= 0)
                        {
                            samples[name].Add(total / seconds / 1e9);
                        }
                    }
                    if (!toDevice)
                    {
                        Restore();
                    }
                }
                foreach (var (name, _) in lanes)
                {
                    rates[(name, toDevice)] = Statistics.Summarize(samples[name]).Median;
                }
                staged += Verify(toDevice);
            }
            string whole = lanes[^1].Name;
            foreach (var (name, _) in lanes)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {rates[(name, true)]:F1} | {rates[(name, true)] / rates[(whole, true)]:P0} | {rates[(name, false)]:F1} | {rates[(name, false)] / rates[(whole, false)]:P0} |");
            }
            text.AppendLine();
            string pageableLoop = lanes[1].Name;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- staged over the pageable loop: H2D {rates[(lanes[0].Name, true)] / rates[(pageableLoop, true)]:F1}x, D2H {rates[(lanes[0].Name, false)] / rates[(pageableLoop, false)]:F1}x; staged pieces checked byte for byte: {(staged.Length == 0 ? "right" : staged)}");
            text.AppendLine();
            return text.ToString();
        }
        finally
        {
            if (batchMemory != 0)
            {
                BatchCopy.FreeDevice(batchMemory);
            }
        }

        // Fresh pieces for a round: distinct random slots of the arena, so a round finds few of them in the cache.
        void Draw()
        {
            var taken = new HashSet<long>();
            for (int b = 0; b < pieces; b++)
            {
                long slot;
                do
                {
                    slot = random.NextInt64(slots);
                }
                while (!taken.Add(slot));
                hostOffsets[b] = slot * pieceBytes;
                list[b] = new StagingPiece(pageable.Pointer + (nint)hostOffsets[b], deviceOffsets[b], pieceBytes);
                pageableHosts[b] = pageable.Pointer + (nint)hostOffsets[b];
                pinnedHosts[b] = pinned.Pointer + (nint)hostOffsets[b];
            }
        }

        void Loop(IHostBuffer host, bool toDevice)
        {
            for (int b = 0; b < pieces; b++)
            {
                if (toDevice)
                {
                    queue.CopyHostToDevice(memory, deviceOffsets[b], host, hostOffsets[b], pieceBytes, CopyMethod.CopyEngine);
                }
                else
                {
                    queue.CopyDeviceToHost(host, hostOffsets[b], memory, deviceOffsets[b], pieceBytes, CopyMethod.CopyEngine);
                }
            }
            queue.Synchronize();
        }

        // Device to host wrote the device's pattern over the drawn slots; give the pageable arena its own back.
        unsafe void Restore()
        {
            foreach (long offset in hostOffsets)
            {
                DataPattern.Fill(new Span<byte>((byte*)pageable.Pointer + offset, checked((int)pieceBytes)), Seed, offset);
            }
        }

        // One more staged transfer of fresh pieces onto poisoned destinations, checked piece by piece.
        unsafe string Verify(bool toDevice)
        {
            Draw();
            var landed = new byte[total];
            if (toDevice)
            {
                DevicePattern.Poison(device, memory, total, 0xA5);
                pipeline.CopyToDevice(memory, list);
                device.Download(landed, memory, 0);
                for (int b = 0; b < pieces; b++)
                {
                    if (DataPattern.FindMismatch(landed.AsSpan((int)deviceOffsets[b], (int)pieceBytes), Seed, hostOffsets[b]) >= 0)
                    {
                        return $" H2D piece {b} WRONG DATA";
                    }
                }
                return "";
            }
            foreach (long offset in hostOffsets)
            {
                new Span<byte>((byte*)pageable.Pointer + offset, checked((int)pieceBytes)).Fill(0xA5);
            }
            pipeline.CopyToHost(memory, list);
            string problem = "";
            for (int b = 0; b < pieces; b++)
            {
                if (DataPattern.FindMismatch(new ReadOnlySpan<byte>((byte*)pageable.Pointer + hostOffsets[b], (int)pieceBytes), Seed, deviceOffsets[b]) >= 0)
                {
                    problem = $" D2H piece {b} WRONG DATA";
                    break;
                }
            }
            Restore();
            return problem;
        }
    }
}
