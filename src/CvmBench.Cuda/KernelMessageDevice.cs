using System.Runtime.InteropServices;
using System.Text;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>Reads what /dev/kmsg holds now. A plain read blocks once the buffer is drained, and the
/// runtime cannot open a file non-blocking, so this opens it through libc with O_NONBLOCK.</summary>
public static unsafe class KernelMessageDevice
{
    public const string Path = "/dev/kmsg";

    // O_RDONLY | O_NONBLOCK | O_CLOEXEC on x86-64 and arm64.
    private const int OpenFlags = 0x800 | 0x80000;
    private const int ErrorWouldBlock = 11;
    private const int ErrorBrokenPipe = 32;

    public static Fact<string> Read()
    {
        try
        {
            return ReadRecords();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Fact<string>.Missing(Path, $"libc is not callable here ({e.Message})");
        }
    }

    private static Fact<string> ReadRecords()
    {
        int fd = LibcApi.open(Path, OpenFlags);
        if (fd < 0)
        {
            return Fact<string>.Missing(Path, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }
        try
        {
            var log = new StringBuilder();
            // One read returns one record; 8 KiB holds the longest the kernel writes.
            var buffer = new byte[8192];
            while (true)
            {
                nint count;
                fixed (byte* start = buffer)
                {
                    count = LibcApi.read(fd, start, buffer.Length);
                }
                if (count > 0)
                {
                    log.Append(Message(Encoding.UTF8.GetString(buffer, 0, (int)count))).Append('\n');
                    continue;
                }
                if (count == 0)
                {
                    break;
                }
                int error = Marshal.GetLastPInvokeError();
                if (error == ErrorWouldBlock)
                {
                    break;
                }
                // The oldest records were overwritten while we read: the next read resumes after them.
                if (error != ErrorBrokenPipe)
                {
                    return Fact<string>.Missing(Path, Marshal.GetPInvokeErrorMessage(error));
                }
            }
            return Fact<string>.Known(log.ToString(), Path);
        }
        finally
        {
            _ = LibcApi.close(fd);
        }
    }

    /// <summary>The text of a record <c>priority,sequence,microseconds,flags;text</c>, without the
    /// key=value lines that may follow it.</summary>
    public static string Message(string record)
    {
        int start = record.IndexOf(';', StringComparison.Ordinal) + 1;
        int end = record.IndexOf('\n', start);
        return end < 0 ? record[start..] : record[start..end];
    }
}
