using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Storage.Schema;

/// <summary>How values are written to and read from the store's columns: enums as the words users read, times as
/// fixed-width ISO 8601 UTC text (so text order is time order, in SQLite and PostgreSQL alike).</summary>
internal static class StoredText
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Status(RunStatus status) => status == RunStatus.Complete ? "complete" : "incomplete";

    public static RunStatus ParseStatus(string text) => text == "complete" ? RunStatus.Complete : RunStatus.Incomplete;

    /// <summary>A stored class; a row without one, or with a word this version does not know, is unknown.</summary>
    public static EnvironmentClass ParseClass(string? text) =>
        text is not null && EnvironmentClassNames.TryParse(text, out var environment) ? environment : EnvironmentClass.Unknown;

    public static string Method(CopyMethod method) => method == CopyMethod.Sm ? "sm" : "ce";

    public static CopyMethod ParseMethod(string text) => text switch
    {
        "ce" => CopyMethod.CopyEngine,
        "sm" => CopyMethod.Sm,
        _ => throw new FormatException($"unknown copy method '{text}'"),
    };

    public static HostPath ParseMemory(string text) =>
        HostPathNames.TryParse(text, out var kind) ? kind : throw new FormatException($"unknown memory kind '{text}'");

    public static Direction ParseDirection(string text) =>
        DirectionNames.TryParse(text, out var direction) ? direction : throw new FormatException($"unknown direction '{text}'");
}
