using System.Diagnostics;
using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>Host rates the cost model takes, per thread and across threads: AES-GCM encryption into 2 MiB staging
/// chunks (CC mode's work per byte) and memcpy into a staging area larger than the cache or a staging pool that stays
/// in it (bounce buffering's work per byte). Each of
/// <c>threads</c> threads works through its own source, larger than its share of twice the last-level cache, so no
/// sample reads from cache; a sample is timed from releasing all threads together to the last one finishing.</summary>
/// <param name="samples">Timed samples per rate; one untimed pass first.</param>
/// <param name="cacheBytes">The last-level cache size.</param>
/// <param name="device">The device number recorded with the results (the rates are the host's).</param>
public sealed class HostRateMeter(int samples, long cacheBytes, int device)
{
    /// <summary>Staging chunk of CC mode: 2 MiB.</summary>
    public const int StagingChunkBytes = 2 << 20;

    private const long MinimumSourcePerThread = 64L << 20;

    /// <summary>Bytes each thread reads per sample.</summary>
    public long SourceBytesPerThread(int threads) =>
        RoundToChunks(Math.Max(MinimumSourcePerThread, 2 * cacheBytes / threads));

    /// <summary>AES-GCM encryption (AES-256, System.Security.Cryptography.AesGcm) of each thread's source, 2 MiB at a
    /// time, into one staging chunk per thread, with a tag per <paramref name="segmentBytes"/>.</summary>
    public OperationResult AesGcmSeal(int threads, int segmentBytes)
    {
        byte[] key = AesGcmStaging.NewKey();
        long perThread = SourceBytesPerThread(threads);
        var work = Enumerable.Range(0, threads).Select(_ => new SealWork(key, segmentBytes, perThread)).ToArray();
        try
        {
            var timed = Run(threads, t => work[t].Run(), perThread);
            string tags = segmentBytes == StagingChunkBytes ? "one tag per 2 MiB chunk" : $"a tag per {Units.FormatBytes(segmentBytes)}";
            return Result(OperationKind.AesGcmSeal, TagVariant(segmentBytes), threads, timed,
                $"AES-256-GCM, {tags}, into a 2 MiB staging chunk per thread; {Units.FormatBytes(perThread)} per thread per sample; " +
                $"1 warm-up pass; {samples} samples, host clock from releasing the threads to the last one done");
        }
        finally
        {
            foreach (var w in work)
            {
                w.Dispose();
            }
        }
    }

    /// <summary>memcpy of each thread's source into its share of a staging area of <paramref name="destinationBytes"/>,
    /// larger than the last-level cache (a swiotlb pool), 256 KiB at a time, wrapping around: the staging engine's
    /// copy with regular stores, as a bounce through swiotlb does it.</summary>
    public OperationResult HostCopy(int threads, long destinationBytes) =>
        Copy(OperationKind.HostCopy, threads, destinationBytes, "the staging area");

    /// <summary>The same copy into a staging pool of <paramref name="destinationBytes"/> small enough to stay in the
    /// last-level cache: the driver's pageable path on bare metal and plain VMs, host to device.</summary>
    public OperationResult StagingCopy(int threads, long destinationBytes) =>
        Copy(OperationKind.StagingCopy, threads, destinationBytes, "a staging pool that stays in cache");

    private OperationResult Copy(OperationKind operation, int threads, long destinationBytes, string destination)
    {
        long perThread = SourceBytesPerThread(threads);
        long share = RoundToChunks(Math.Max(CopyWork.Piece, destinationBytes / threads), CopyWork.Piece);
        var work = Enumerable.Range(0, threads).Select(_ => new CopyWork(perThread, share)).ToArray();
        try
        {
            var timed = Run(threads, t => work[t].Run(), perThread);
            return Result(operation, $"into {Units.FormatBytes(share * threads)}", threads, timed,
                $"the staging engine's memcpy (regular stores) in 256 KiB pieces into a {Units.FormatBytes(share)} share of {destination} per thread; " +
                $"{Units.FormatBytes(perThread)} per thread per sample; 1 warm-up pass; {samples} samples, host clock from releasing the threads to the last one done");
        }
        finally
        {
            foreach (var w in work)
            {
                w.Dispose();
            }
        }
    }

    /// <summary>The variant word for a tag segment: <c>tag/4KiB</c>, <c>tag/2MiB</c>.</summary>
    public static string TagVariant(int segmentBytes) => "tag/" + Units.FormatBytes(segmentBytes).Replace(" ", "", StringComparison.Ordinal);

    private List<OperationSample> Run(int threads, Action<int> pass, long perThread)
    {
        using var start = new Barrier(threads + 1);
        using var end = new Barrier(threads + 1);
        var failures = new Exception?[threads];
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                for (int s = -1; s < samples; s++)
                {
                    start.SignalAndWait();
                    try
                    {
                        if (failures[index] is null)
                        {
                            pass(index);
                        }
                    }
                    catch (Exception e)
                    {
                        failures[index] = e;
                    }
                    end.SignalAndWait();
                }
            }) { IsBackground = true, Name = $"host rate {t + 1}" };
            workers[t].Start();
        }
        var timed = new List<OperationSample>();
        for (int s = -1; s < samples; s++)
        {
            // Read before the release: with as many threads as CPUs, this thread may not run again until they finish.
            long begin = Stopwatch.GetTimestamp();
            start.SignalAndWait();
            end.SignalAndWait();
            long elapsed = (long)Math.Round((Stopwatch.GetTimestamp() - begin) * 1e9 / Stopwatch.Frequency);
            if (s >= 0)
            {
                timed.Add(new OperationSample(perThread * threads, Math.Max(1, elapsed)));
            }
        }
        foreach (var worker in workers)
        {
            worker.Join();
        }
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new InvalidOperationException($"a host-rate thread failed: {failure.Message}", failure);
        }
        return timed;
    }

    private OperationResult Result(OperationKind operation, string variant, int threads, List<OperationSample> timed, string note) =>
        new(new OperationTest(operation, variant, timed[0].Bytes, threads, device), timed, Verified: false, note);

    private static long RoundToChunks(long bytes, long chunk = StagingChunkBytes) => (bytes + chunk - 1) / chunk * chunk;

    private sealed unsafe class SealWork : IDisposable
    {
        private readonly AesGcmStaging _staging;
        private readonly PageableHostBuffer _source;
        private readonly PageableHostBuffer _chunk;
        private uint _transfer;

        public SealWork(byte[] key, int segmentBytes, long bytes)
        {
            _staging = new AesGcmStaging(key, segmentBytes);
            _source = new PageableHostBuffer(bytes);
            _chunk = new PageableHostBuffer(_staging.SealedBytes(StagingChunkBytes));
            DataPattern.Fill(_source.Pointer, bytes, 0x5EED);
        }

        public void Run()
        {
            uint transfer = _transfer++;
            var sealedChunk = new Span<byte>((void*)_chunk.Pointer, (int)_chunk.Length);
            for (long offset = 0; offset < _source.Length; offset += StagingChunkBytes)
            {
                var plain = new ReadOnlySpan<byte>((byte*)_source.Pointer + offset, StagingChunkBytes);
                _staging.Seal(plain, sealedChunk, transfer, offset / _staging.SegmentBytes);
            }
        }

        public void Dispose()
        {
            _staging.Dispose();
            _source.Dispose();
            _chunk.Dispose();
        }
    }

    private sealed unsafe class CopyWork : IDisposable
    {
        public const long Piece = 256 << 10;
        private readonly PageableHostBuffer _source;
        private readonly PageableHostBuffer _destination;

        public CopyWork(long bytes, long destinationBytes)
        {
            _source = new PageableHostBuffer(bytes);
            _destination = new PageableHostBuffer(destinationBytes);
            DataPattern.Fill(_source.Pointer, bytes, 0x5EED);
            DataPattern.Fill(_destination.Pointer, destinationBytes, 0x5EED);
        }

        public void Run()
        {
            long at = 0;
            for (long offset = 0; offset < _source.Length; offset += Piece)
            {
                Transfers.Staging.HostCopy.Copy(_destination.Pointer + (nint)at, _source.Pointer + (nint)offset, Piece, nonTemporal: false);
                at = (at + Piece) % _destination.Length;
            }
        }

        public void Dispose()
        {
            _source.Dispose();
            _destination.Dispose();
        }
    }
}
