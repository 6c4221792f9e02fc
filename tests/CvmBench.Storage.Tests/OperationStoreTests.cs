using CvmBench.Measurement;
using CvmBench.Storage.Exchange;
using CvmBench.Storage.Importers;
using CvmBench.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CvmBench.Storage.Tests;

/// <summary>Operations besides copies (conversion latencies, host rates, emulated transfers) beyond the store contract.</summary>
public class OperationStoreTests
{
    [Fact]
    public void Deleting_a_run_deletes_its_operations()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        var run = Runs.New() with { Operations = [Runs.Operation(OperationKind.HostCopy, "into 1 GiB", 1 << 26, 4)] };
        using (IResultStore store = SqliteResultStore.Open(path))
        {
            store.AddRun(run);
        }
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=True");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM runs; SELECT (SELECT COUNT(*) FROM operations) + (SELECT COUNT(*) FROM operation_samples)";
        Assert.Equal(0L, command.ExecuteScalar());
    }

    [Fact]
    public void An_operation_is_stored_in_its_word_and_a_word_that_is_none_is_reported_as_damage()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        var run = Runs.New() with { Operations = [Runs.Operation(OperationKind.EmulatedTransfer, "tdx bounce modeled h2d", 1 << 20, 3)] };
        using (IResultStore store = SqliteResultStore.Open(path))
        {
            store.AddRun(run);
        }
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT operation || '|' || variant FROM operations";
            Assert.Equal("emulated-transfer|tdx bounce modeled h2d", command.ExecuteScalar());
            command.CommandText = "UPDATE operations SET operation = 'EmulatedTransfer'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        using IResultStore reopened = SqliteResultStore.Open(path);
        var error = Assert.Throws<StoreException>(() => reopened.LoadRun(run.Id));
        Assert.Contains("'EmulatedTransfer', which is not an operation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_export_keeps_the_operations_through_import()
    {
        using var temp = new TempDirectory();
        var run = Runs.New(status: RunStatus.Complete, results: [Runs.Result()]) with
        {
            Operations = [Runs.Operation(OperationKind.Unregister, "2MiB-thp untouched", 2 << 20, 6)],
        };
        using (var file = File.CreateText(temp.File("run.json")))
        {
            new JsonRunExporter().Write(run, file);
        }
        var imported = ResultImporter.Read(temp.File("run.json"), new ImportOptions()).Run;
        var operation = Assert.Single(imported.Operations);
        Assert.Equal(run.Operations[0].Test, operation.Test);
        Assert.Equal(run.Operations[0].Samples, operation.Samples);
    }
}
