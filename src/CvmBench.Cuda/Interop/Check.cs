using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CvmBench.Cuda.Interop;

/// <summary>Turns every CUresult and nvmlReturn_t into an exception that names the call.</summary>
internal static unsafe class Check
{
    public static void Cuda(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != 0)
        {
            throw CudaError(result, call);
        }
    }

    public static CudaException CudaError(int result, string call)
    {
        string name = CudaApi.cuGetErrorName(result, out byte* namePtr) == 0 && namePtr != null
            ? Marshal.PtrToStringUTF8((nint)namePtr) ?? "?" : "CUDA_ERROR_UNKNOWN";
        string text = CudaApi.cuGetErrorString(result, out byte* textPtr) == 0 && textPtr != null
            ? Marshal.PtrToStringUTF8((nint)textPtr) ?? "" : "unrecognized error code";
        return new CudaException(EntryPoint(call), result, name, text);
    }

    public static void Nvml(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != NvmlApi.Success)
        {
            throw NvmlError(result, call);
        }
    }

    public static NvmlException NvmlError(int result, string call)
    {
        byte* text = NvmlApi.nvmlErrorString(result);
        return new NvmlException(EntryPoint(call), result, text == null ? "unknown error" : Marshal.PtrToStringUTF8((nint)text) ?? "");
    }

    /// <summary>The entry point's name out of the call expression: <c>CudaApi.cuMemAlloc_v2(out p, n)</c> gives <c>cuMemAlloc_v2</c>.</summary>
    internal static string EntryPoint(string call)
    {
        int paren = call.IndexOf('(', StringComparison.Ordinal);
        string head = paren < 0 ? call : call[..paren];
        int dot = head.LastIndexOf('.');
        return head[(dot + 1)..].Trim();
    }
}
