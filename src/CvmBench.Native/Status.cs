using System.Security.Cryptography;
using CvmBench.Cuda;

namespace CvmBench.Native;

/// <summary>cvm_status, and the one rule that turns an exception into a status and the thread's last error.</summary>
internal static class Status
{
    public const int Ok = 0;
    public const int InvalidArgument = 1;
    public const int Closed = 2;
    public const int NoDriver = 3;
    public const int NoDevice = 4;
    public const int Unsupported = 5;
    public const int Cuda = 6;
    public const int Authentication = 7;
    public const int OutOfMemory = 8;
    public const int Internal = 9;

    /// <summary>Records the failure's text as the thread's last error and returns its status.</summary>
    public static int Fail(Exception failure)
    {
        LastError.Set(Text(failure));
        return failure switch
        {
            ObjectDisposedException => Closed,
            DeviceNotFoundException => NoDevice,
            DriverNotFoundException => NoDriver,
            NotSupportedException => Unsupported,
            CudaException { ErrorName: "CUDA_ERROR_OUT_OF_MEMORY" } => OutOfMemory,
            CudaException => Cuda,
            AuthenticationTagMismatchException => Authentication,
            OutOfMemoryException or InsufficientMemoryException => OutOfMemory,
            ArgumentException => InvalidArgument,
            _ => Internal,
        };
    }

    /// <summary>One line: an argument exception's message without .NET's parameter suffix, and nothing after the
    /// first line.</summary>
    private static string Text(Exception failure)
    {
        string text = failure.Message;
        if (failure is ArgumentException { ParamName: { } name })
        {
            text = text.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        }
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? text : text[..newline]).TrimEnd();
    }
}
