using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CvmBench.Storage.Files;

namespace CvmBench.Storage.Importers;

/// <summary>Turns a file into a run, recognising it by its content: bandwidthTest output (readable or CSV),
/// nvbandwidth output (text or JSON), or a run exported by <c>cvmbench export --format json</c>. Peer runs are dated
/// by the file's modification time, the nearest thing to a measurement time the output offers. Each run carries the
/// SHA-256 of the file it came from, so the same file imported again is recognised.</summary>
public static class ResultImporter
{
    /// <exception cref="ImportException">The file is of no known kind, or is malformed; the message names the file
    /// and the line.</exception>
    /// <exception cref="InputFileException">The file is not a regular file, is too large, or cannot be read.</exception>
    public static ImportedRun Read(string path, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        byte[] bytes = InputFile.ReadAllBytes(path, "import file");
        DateTimeOffset when = new(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return Parse(path, bytes, when, options) with { SourceHash = hash };
    }

    private static ImportedRun Parse(string path, byte[] bytes, DateTimeOffset when, ImportOptions options)
    {
        var utf8 = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        string text = Encoding.UTF8.GetString(utf8).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.TrimStart().StartsWith('{'))
        {
            JsonNodeAt root;
            try
            {
                root = JsonNodeAt.Parse(utf8);
            }
            catch (JsonException e)
            {
                throw new ImportException(path, e.LineNumber is { } line ? (int)line + 1 : null, $"not valid JSON: {Describe(e)}", e);
            }
            if (root["nvbandwidth"] is not null)
            {
                return NvbandwidthJsonOutput.Parse(path, root, when, options);
            }
            if (RunJsonImport.Recognises(root))
            {
                return RunJsonImport.Parse(path, utf8, root);
            }
            throw new ImportException(path, root.Line, "JSON that is neither nvbandwidth's nor a cvmbench run export");
        }
        if (BandwidthTestOutput.Recognises(text))
        {
            return BandwidthTestOutput.Parse(path, text, when);
        }
        if (NvbandwidthTextOutput.Recognises(text))
        {
            return NvbandwidthTextOutput.Parse(path, text, when, options);
        }
        throw new ImportException(path, null, "not bandwidthTest or nvbandwidth output, nor a cvmbench JSON export");
    }

    /// <summary>The reader's complaint without the position it appends (the line is reported separately).</summary>
    internal static string Describe(JsonException e)
    {
        string message = e.Message;
        int position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (position > 0 ? message[..position] : message).TrimEnd('.', ' ');
    }
}
