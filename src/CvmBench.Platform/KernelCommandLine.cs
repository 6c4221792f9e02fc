namespace CvmBench.Platform;

/// <summary>Options on the kernel command line (/proc/cmdline).</summary>
public static class KernelCommandLine
{
    /// <summary>The options named one of <paramref name="names"/>, as written (<c>iommu=pt</c>), in order.
    /// What follows a lone <c>--</c> is for init, not the kernel, and is left out.</summary>
    public static IReadOnlyList<string> Options(string commandLine, params string[] names)
    {
        var options = new List<string>();
        foreach (string word in commandLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "--")
            {
                break;
            }
            int equals = word.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? word : word[..equals];
            if (names.Contains(name, StringComparer.Ordinal))
            {
                options.Add(word);
            }
        }
        return options;
    }
}
