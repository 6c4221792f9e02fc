using System.Runtime.InteropServices;

namespace CvmBench.Native;

/// <summary>Each thread's last error as a UTF-8 string in native memory, which cvm_last_error hands out: it stays
/// valid until the same thread's next failure replaces it.</summary>
internal static class LastError
{
    [ThreadStatic]
    private static nint t_text;

    public static nint Get()
    {
        if (t_text == 0)
        {
            t_text = Marshal.StringToCoTaskMemUTF8("");
        }
        return t_text;
    }

    public static void Set(string text)
    {
        nint previous = t_text;
        t_text = Marshal.StringToCoTaskMemUTF8(text);
        Marshal.FreeCoTaskMem(previous);
    }
}
