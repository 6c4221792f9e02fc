namespace CvmBench.Tests;

/// <summary>The repository the tests were built in. Tests of the source tree itself (its layers, its documents) skip
/// where the test assembly runs elsewhere, as the published GPU suite does.</summary>
internal static class Checkout
{
    private static readonly Lazy<string?> Found = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CvmBench.slnx")))
            {
                return folder.FullName;
            }
        }
        return null;
    });

    /// <summary>The checkout's root folder; skips the calling test where there is none.</summary>
    public static string Root()
    {
        Assert.SkipWhen(Found.Value is null, $"not run from a checkout (no CvmBench.slnx above {AppContext.BaseDirectory}): the source tree is not here to read");
        return Found.Value!;
    }
}
