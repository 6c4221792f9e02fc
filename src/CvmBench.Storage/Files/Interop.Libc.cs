using System.Runtime.InteropServices;

namespace CvmBench.Storage.Files;

/// <summary>statx(2), the one libc call the store needs: what kind of file a path is, without opening it (opening a
/// FIFO waits for a writer). Its buffer has the same layout on every Linux architecture, unlike struct stat.</summary>
internal static partial class LibcFiles
{
    public const int AtCurrentDirectory = -100;
    public const uint StatxType = 0x1;
    public const ushort TypeMask = 0xF000;
    public const ushort RegularFile = 0x8000;
    public const ushort Directory = 0x4000;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>struct statx up to stx_mode; the kernel writes 256 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    public struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
    }
}
