using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>What kind of file a path names, asked of the kernel (statx) without opening it: opening a FIFO waits for a
/// writer, and a device such as /dev/zero never ends.</summary>
public static class FileKind
{
    private const ushort TypeMask = 0xF000;

    /// <summary>Null for a regular file, or for a path that cannot be examined (the open that follows reports why);
    /// otherwise what it is, in words. Follows symbolic links.</summary>
    public static string? NotRegular(string path)
    {
        if (LibcApi.statx(LibcApi.AtCurrentDirectory, path, 0, LibcApi.StatxType, out var status) != 0)
        {
            return null;
        }
        return (status.Mode & TypeMask) switch
        {
            0x8000 => null,
            0x4000 => "a directory",
            0x1000 => "a FIFO",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
    }
}
