using System.Security.Cryptography;
using CvmBench.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CvmBench.Storage.Tests;

/// <summary>Files that must be refused, and left as they were.</summary>
public class FaultTests
{
    [Fact]
    public void A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        using var temp = new TempDirectory();
        string path = temp.File("notes.db");
        File.WriteAllText(path, "these are my notes, not a database\n");
        byte[] before = Hash(path);

        var e = Assert.Throws<StoreException>(() => SqliteResultStore.Open(path));
        Assert.Contains("not a CvmBench results store", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, Hash(path));
        Assert.Equal(["notes.db"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Another_programs_sqlite_database_is_refused_and_gets_no_tables()
    {
        using var temp = new TempDirectory();
        string path = temp.File("other.db");
        Sql(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('cat');");
        byte[] before = Hash(path);

        var e = Assert.Throws<StoreException>(() => SqliteResultStore.Open(path));
        Assert.Contains("SQLite database but not a CvmBench results store", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(path));
        Assert.Equal("photos", Sql(path, "SELECT group_concat(name) FROM sqlite_master"));
    }

    [Fact]
    public void A_damaged_store_is_refused_and_left_untouched()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        using (IResultStore store = SqliteResultStore.Open(path))
        {
            store.AddRuns([.. Enumerable.Range(0, 20).Select(_ => Runs.New(results: [Runs.Result(samples: 200)]))]);
        }
        // Scribble over the middle of the file, where the sample table's pages are.
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length / 2;
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }
        byte[] before = Hash(path);

        var e = Assert.Throws<StoreException>(() => SqliteResultStore.Open(path));
        Assert.Contains("is damaged", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, Hash(path));
    }

    private static byte[] Hash(string path) => SHA256.HashData(File.ReadAllBytes(path));

    private static string? Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
