namespace CvmBench.Cuda;

/// <summary>The embedded kernels (kernels/transfer_kernels.cu, compiled to PTX by kernels/build.sh), loaded into one device's context.</summary>
public sealed unsafe class TransferKernels : IDisposable
{
    private const string Resource = "CvmBench.Cuda.Kernels.transfer_kernels.ptx";
    private readonly CudaModule _module;
    private readonly CudaFunction _spin;
    private readonly CudaFunction _copy;
    private readonly uint _copyBlocks;

    public TransferKernels(CudaDevice device, int multiprocessorCount)
    {
        ArgumentNullException.ThrowIfNull(device);
        _module = device.LoadModule(EmbeddedPtx());
        _spin = _module.GetFunction("spin_until_released");
        _copy = _module.GetFunction("copy_bytes");
        // Enough resident blocks to keep many 16-byte requests in flight across PCIe on every SM.
        _copyBlocks = (uint)Math.Max(1, multiprocessorCount * 4);
    }

    /// <summary>The PTX text shipped in this assembly.</summary>
    public static byte[] EmbeddedPtx()
    {
        using Stream? stream = typeof(TransferKernels).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the kernel resource {Resource} is missing: run kernels/build.sh and rebuild");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Queues a kernel that holds the stream until <paramref name="releaseFlag"/> (device-mapped host memory) becomes non-zero,
    /// or until the timeout passes.</summary>
    public void Hold(CudaStream stream, ulong releaseFlag, ulong timeoutNanoseconds)
    {
        void** args = stackalloc void*[2];
        args[0] = &releaseFlag;
        args[1] = &timeoutNanoseconds;
        _spin.Launch(stream, 1, 1, args);
    }

    /// <summary>Queues an SM copy of <paramref name="bytes"/> between two device-accessible addresses.</summary>
    public void Copy(CudaStream stream, ulong source, ulong destination, ulong bytes)
    {
        void** args = stackalloc void*[3];
        args[0] = &source;
        args[1] = &destination;
        args[2] = &bytes;
        _copy.Launch(stream, _copyBlocks, 256, args);
    }

    public void Dispose() => _module.Dispose();
}
