using CvmBench.Measurement;
using CvmBench.Reports.Pages;

namespace CvmBench.Reports.Tests;

/// <summary>A report writes only into its own folder: a missing or read-only temporary folder does not stop it.</summary>
[Collection(TemporaryFolderCollection.Name)]
public sealed class ReportWithoutTemporaryFolderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvmbench-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_report_is_written_with_no_usable_temporary_folder()
    {
        string? saved = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", "/nonexistent/cvmbench-tmp");
        try
        {
            var files = ReportPage.Write([Runs.With(Runs.Result(Runs.Around(50)), Runs.Result(Runs.Around(6), HostPath.Pageable))], _folder, "test",
                DateTimeOffset.UnixEpoch);
            Assert.Contains(Path.Combine(_folder, "bandwidth-by-kind.png"), files);
            Assert.All(files, f => Assert.StartsWith(_folder, f, StringComparison.Ordinal));
            Assert.All(files, f => Assert.True(new FileInfo(f).Length > 0, f));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", saved);
        }
    }
}
