namespace CvmBench.Cli;

/// <summary>An <c>--out</c> folder, checked and made before any work, so that a bad one is refused before anything is
/// measured or stored.</summary>
internal static class OutputFolder
{
    /// <exception cref="UsageException">The path is a file, or the folder cannot be made or written.</exception>
    public static string Prepare(string path, string option = "--out")
    {
        if (File.Exists(path))
        {
            throw new UsageException($"{option} {path} is a file, not a folder");
        }
        try
        {
            Directory.CreateDirectory(path);
            // Making the folder can succeed where writing into it cannot (a read-only mount, another user's folder).
            using (File.Create(Path.Combine(path, $".cvmbench-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new UsageException($"{option} {path}: cannot write into this folder ({e.Message})", e);
        }
        return path;
    }
}
