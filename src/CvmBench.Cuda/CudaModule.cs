using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>A module loaded from PTX text with cuModuleLoadData (the driver JIT-compiles it for the device).</summary>
public sealed unsafe class CudaModule : SafeHandle
{
    private readonly nint _context;

    private CudaModule(nint context) : base(0, ownsHandle: true) => _context = context;

    public override bool IsInvalid => handle == 0;

    internal static CudaModule Load(nint context, ReadOnlySpan<byte> ptx)
    {
        // cuModuleLoadData reads PTX as a NUL-terminated string.
        byte[] image = new byte[ptx.Length + 1];
        ptx.CopyTo(image);
        nint module;
        fixed (byte* p = image)
        {
            Check.Cuda(CudaApi.cuModuleLoadData(out module, p));
        }
        var result = new CudaModule(context);
        result.SetHandle(module);
        return result;
    }

    public CudaFunction GetFunction(string name)
    {
        Check.Cuda(CudaApi.cuModuleGetFunction(out nint function, handle, name));
        return new CudaFunction(function, name, this);
    }

    protected override bool ReleaseHandle()
    {
        using var scope = new ContextScope(_context);
        return CudaApi.cuModuleUnload(handle) == 0;
    }
}

/// <summary>A kernel in a loaded module; valid while the module is.</summary>
public sealed unsafe class CudaFunction
{
    private readonly nint _function;
    private readonly CudaModule _module;

    internal CudaFunction(nint function, string name, CudaModule module)
    {
        _function = function;
        _module = module;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Launches with arguments given as pointers to their values, as cuLaunchKernel takes them.</summary>
    public void Launch(CudaStream stream, uint gridX, uint blockX, void** arguments)
    {
        ObjectDisposedException.ThrowIf(_module.IsClosed, _module);
        int result = CudaApi.cuLaunchKernel(_function, gridX, 1, 1, blockX, 1, 1, 0, stream.Raw, arguments, null);
        if (result != 0)
        {
            throw Check.CudaError(result, $"cuLaunchKernel({Name})");
        }
    }
}
