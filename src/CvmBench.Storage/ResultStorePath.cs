namespace CvmBench.Storage;

/// <summary>Where the results store lives when no <c>--store</c> is given: <c>$XDG_DATA_HOME/cvmbench/results.db</c>,
/// else <c>~/.local/share/cvmbench/results.db</c> (the XDG base-directory default).</summary>
public static class ResultStorePath
{
    public const string FileName = "results.db";

    public static string Default() => Default(Environment.GetEnvironmentVariable("XDG_DATA_HOME"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The default for the given environment; XDG says a relative XDG_DATA_HOME is invalid and ignored.</summary>
    public static string Default(string? xdgDataHome, string home) =>
        !string.IsNullOrEmpty(xdgDataHome) && Path.IsPathRooted(xdgDataHome)
            ? Path.Combine(xdgDataHome, "cvmbench", FileName)
            : Path.Combine(home, ".local", "share", "cvmbench", FileName);
}
