using CvmBench.Measurement;
using CvmBench.Storage.Importers;

namespace CvmBench.Storage;

/// <summary>Where runs are kept. A measuring command creates its run first (stored at once as incomplete), appends
/// each test result as it finishes, and marks the run complete at the end; a run that is interrupted at any point
/// stays stored, consistent and visibly incomplete. Every method is one transaction.</summary>
public interface IResultStore : IDisposable
{
    /// <summary>Where the store is, for messages (a file path; never a password).</summary>
    string Location { get; }

    /// <summary>Stores runs with everything they carry (environment, results, operations, samples), all or none.</summary>
    /// <exception cref="StoreException">A run with the same id is already stored.</exception>
    void AddRuns(IReadOnlyList<RunRecord> runs);

    /// <summary>Stores imported runs, all or none, each with the hash of the file it came from. An import whose file
    /// content (or, for a run exported by cvmbench, whose run id) is already stored is not stored again.</summary>
    /// <returns>For each import in order: null when it was stored now, or the id of the run already stored from it.</returns>
    IReadOnlyList<string?> AddImports(IReadOnlyList<ImportedRun> importedRuns);

    /// <summary>Stores one run with everything it carries. A measuring command passes its run with no results yet
    /// and status incomplete, then calls <see cref="AppendResult"/> and <see cref="CompleteRun"/>.</summary>
    void AddRun(RunRecord run) => AddRuns([run]);

    /// <summary>Appends a test result with all its samples to an incomplete run.</summary>
    void AppendResult(string runId, TestResult result);

    /// <summary>Appends a measured operation (a conversion latency, a host rate, an emulated transfer) with all its
    /// samples to an incomplete run.</summary>
    void AppendOperation(string runId, OperationResult result);

    /// <summary>Marks an incomplete run complete at <paramref name="ended"/>.</summary>
    void CompleteRun(string runId, DateTimeOffset ended);

    /// <summary>Every stored run, oldest first, without its samples.</summary>
    IReadOnlyList<RunSummary> ListRuns();

    /// <summary>A stored run with every sample of its results and operations; statistics are recomputed from the samples.</summary>
    RunRecord LoadRun(string runId);

    /// <summary>The id of the one run whose id is, or starts with, <paramref name="idOrPrefix"/>.</summary>
    /// <exception cref="StoreException">No run matches, or more than one does.</exception>
    string ResolveRunId(string idOrPrefix);
}
