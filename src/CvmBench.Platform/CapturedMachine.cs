using CvmBench.Cuda;

namespace CvmBench.Platform;

/// <summary>A machine captured into a folder by <c>scripts/capture-platform.sh</c>: its files under the
/// same relative paths (<c>proc/cpuinfo</c>), the kernel log as <c>dmesg.txt</c>, and <c>absent.txt</c>
/// naming the paths that were looked for and not found. A path neither captured nor named there is
/// unknown: the capture cannot say whether the machine had it.</summary>
public sealed class CapturedMachine : IProbeSource
{
    public const string KernelLogFile = "dmesg.txt";
    public const string AbsentFile = "absent.txt";

    private readonly string root;
    private readonly HashSet<string> absent;

    public CapturedMachine(string root)
    {
        this.root = Path.GetFullPath(root);
        if (!Directory.Exists(this.root))
        {
            throw new DirectoryNotFoundException($"no captured machine at {this.root}");
        }
        string absentList = Path.Combine(this.root, AbsentFile);
        absent = File.Exists(absentList)
            ? File.ReadAllLines(absentList).Select(line => line.Trim()).Where(line => line.Length > 0).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    public Fact<string> ReadText(string path) => ReadFile(Local(path), Gone(path));

    public Fact<IReadOnlyList<string>> List(string directory)
    {
        string folder = Local(directory);
        if (!Directory.Exists(folder))
        {
            return Fact<IReadOnlyList<string>>.Missing(folder, Gone(directory));
        }
        // Hidden names are the capture's own (.keep holds an empty directory in git).
        IReadOnlyList<string> names = Directory.GetFileSystemEntries(folder)
            .Select(entry => Path.GetFileName(entry))
            .Where(name => !name.StartsWith('.'))
            .Order(StringComparer.Ordinal).ToList();
        return Fact<IReadOnlyList<string>>.Known(names, folder);
    }

    public Fact<bool> Exists(string path)
    {
        string local = Local(path);
        if (Path.Exists(local))
        {
            return Fact<bool>.Known(true, local);
        }
        return absent.Contains(path)
            ? Fact<bool>.Known(false, Path.Combine(root, AbsentFile))
            : Fact<bool>.Missing(local, Gone(path));
    }

    public Fact<string> KernelLog() => ReadFile(Path.Combine(root, KernelLogFile), "the capture has no kernel log");

    public Fact<IReadOnlyList<GpuInfo>> Gpus() =>
        Fact<IReadOnlyList<GpuInfo>>.Missing(root, "a captured machine carries no GPU inventory");

    private static Fact<string> ReadFile(string file, string reasonIfMissing)
    {
        if (!File.Exists(file))
        {
            return Fact<string>.Missing(file, reasonIfMissing);
        }
        try
        {
            return Fact<string>.Known(File.ReadAllText(file), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fact<string>.Missing(file, e.Message);
        }
    }

    private string Local(string path) => Path.Combine(root, path.TrimStart('/'));

    private string Gone(string path) => absent.Contains(path) ? "not found" : "not in this capture";
}
