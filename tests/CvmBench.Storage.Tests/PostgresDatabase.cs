using Npgsql;

namespace CvmBench.Storage.Tests;

/// <summary>A database of its own for one test, on the server named by <see cref="Variable"/> (.ci/run starts a
/// throwaway one on loopback), dropped afterwards. Without that variable the test is skipped, so the tests still
/// run on a machine with no PostgreSQL.</summary>
internal sealed class PostgresDatabase : IDisposable
{
    public const string Variable = "CVMBENCH_TEST_POSTGRES";

    private readonly string _admin;
    private readonly string _name = "cvmbench_test_" + Guid.NewGuid().ToString("N");

    private PostgresDatabase(string admin)
    {
        _admin = admin;
        Run(_admin, $"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name }.ConnectionString;
    }

    /// <summary>The connection string of this test's database, password included.</summary>
    public string ConnectionString { get; }

    /// <summary>A new database on the server, or a skip when there is no server.</summary>
    public static PostgresDatabase Create()
    {
        string? server = Environment.GetEnvironmentVariable(Variable);
        Assert.SkipWhen(string.IsNullOrEmpty(server), $"no PostgreSQL server to test against: {Variable} is not set (.ci/run starts one)");
        return new PostgresDatabase(server!);
    }

    /// <summary>Runs SQL in this database with the store's schema first on the search path.</summary>
    public object? Scalar(string sql) =>
        Run(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = "cvmbench", Pooling = false }.ConnectionString, sql);

    public void Dispose() => Run(_admin, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");

    private static object? Run(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}
