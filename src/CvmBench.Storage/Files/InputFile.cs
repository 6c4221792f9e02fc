using CvmBench.Cuda;

namespace CvmBench.Storage.Files;

/// <summary>Every file the tool reads on a user's say-so (an import, a parameter file, a run file) is read here: it
/// must be a regular file no larger than a cap, checked before it is opened, so a FIFO, a device such as /dev/zero or
/// a directory is refused at once instead of being waited on or read without end.</summary>
public static class InputFile
{
    /// <summary>The largest file read: a run exported with hundreds of thousands of samples fits many times over.</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>The bytes of <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the message ("import file", "parameters file").</param>
    /// <exception cref="InputFileException">It is missing, not a regular file, larger than <see cref="MaxBytes"/>, or
    /// cannot be read; the message is one line naming the path.</exception>
    public static byte[] ReadAllBytes(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Require(path, what);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            // Read up to one byte past the cap: a file that grew since it was checked is still refused, not read on.
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxBytes + 1 - buffer.Length))) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    throw TooLarge(path, what);
                }
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"cannot read {what} {path}: {e.Message}", e);
        }
    }

    /// <summary>The text of <paramref name="path"/> as UTF-8 (a byte-order mark dropped).</summary>
    /// <exception cref="InputFileException">As <see cref="ReadAllBytes"/>.</exception>
    public static string ReadAllText(string path, string what)
    {
        byte[] bytes = ReadAllBytes(path, what);
        using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Refuses what is not a regular file of at most <see cref="MaxBytes"/>, without opening it.</summary>
    private static void Require(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new InputFileException($"cannot read {what} {path}: it is a directory, not a file");
        }
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InputFileException($"cannot read {what} {path}: it does not exist");
        }
        if (FileKind.NotRegular(path) is { } kind)
        {
            throw new InputFileException($"cannot read {what} {path}: it is {kind}, not a regular file; only regular files are read");
        }
        // FileInfo describes a symbolic link itself; its target is what would be read.
        long length = (file.LinkTarget is null ? file : File.ResolveLinkTarget(path, returnFinalTarget: true) as FileInfo ?? file).Length;
        if (length > MaxBytes)
        {
            throw TooLarge(path, what);
        }
    }

    private static InputFileException TooLarge(string path, string what) =>
        new($"cannot read {what} {path}: it is larger than {MaxBytes >> 20} MiB, more than any output this tool reads");
}
