using CvmBench.Measurement;

namespace CvmBench.Storage.Exchange;

/// <summary>Writes one stored run, every sample included, in one file format.</summary>
public interface IRunExporter
{
    /// <summary>The name users pass to <c>export --format</c>.</summary>
    string Format { get; }

    void Write(RunRecord run, TextWriter writer);
}
