namespace CvmBench.Storage.Schema;

/// <summary>The schema, as the ordered steps that build it. The SQL is kept to what SQLite and PostgreSQL share
/// (TEXT, INTEGER, BIGINT, DOUBLE PRECISION, BOOLEAN; natural keys, no autoincrement; times as ISO 8601 UTC text),
/// so the SQLite and PostgreSQL stores apply the same steps.</summary>
public static class Migrations
{
    /// <summary>The step that adds each run's hardware fingerprint. SQL cannot hash JSON the same way in both
    /// dialects, so after its SQL the store fills the fingerprints of the runs already stored from their probe JSON.</summary>
    public const int MachineFingerprints = 2;

    /// <summary>Records which steps a store has applied; created before any step runs.</summary>
    public const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        """;

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "runs, environments, tests and samples", """
            CREATE TABLE runs (
                id TEXT PRIMARY KEY,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                status TEXT NOT NULL CHECK (status IN ('incomplete', 'complete')),
                tool TEXT NOT NULL,
                tool_version TEXT NOT NULL,
                command_line TEXT NOT NULL,
                simulated BOOLEAN NOT NULL,
                host TEXT NOT NULL
            );
            CREATE INDEX runs_by_start ON runs (started_at);
            CREATE TABLE environments (
                run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
                class TEXT NOT NULL,
                summary TEXT NOT NULL,
                probe_json TEXT NOT NULL
            );
            CREATE TABLE tests (
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                test_index INTEGER NOT NULL,
                memory_kind TEXT NOT NULL,
                direction TEXT NOT NULL,
                copy_method TEXT NOT NULL,
                bytes BIGINT NOT NULL,
                device INTEGER NOT NULL,
                bidirectional BOOLEAN NOT NULL,
                verified BOOLEAN NOT NULL,
                method_note TEXT NOT NULL,
                link_efficiency DOUBLE PRECISION,
                PRIMARY KEY (run_id, test_index)
            );
            CREATE TABLE samples (
                run_id TEXT NOT NULL,
                test_index INTEGER NOT NULL,
                sample_index INTEGER NOT NULL,
                bytes BIGINT NOT NULL,
                nanoseconds BIGINT NOT NULL,
                wall_nanoseconds BIGINT NOT NULL,
                PRIMARY KEY (run_id, test_index, sample_index),
                FOREIGN KEY (run_id, test_index) REFERENCES tests (run_id, test_index) ON DELETE CASCADE
            );
            """),
        new(MachineFingerprints, "environments.fingerprint: the hardware fingerprint, so runs group by machine", """
            ALTER TABLE environments ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
            """),
        new(3, "operations besides copies: conversion latencies, host rates, emulated transfers", """
            CREATE TABLE operations (
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                operation_index INTEGER NOT NULL,
                operation TEXT NOT NULL,
                variant TEXT NOT NULL,
                bytes BIGINT NOT NULL,
                threads INTEGER NOT NULL,
                device INTEGER NOT NULL,
                verified BOOLEAN NOT NULL,
                method_note TEXT NOT NULL,
                PRIMARY KEY (run_id, operation_index)
            );
            CREATE TABLE operation_samples (
                run_id TEXT NOT NULL,
                operation_index INTEGER NOT NULL,
                sample_index INTEGER NOT NULL,
                bytes BIGINT NOT NULL,
                nanoseconds BIGINT NOT NULL,
                PRIMARY KEY (run_id, operation_index, sample_index),
                FOREIGN KEY (run_id, operation_index) REFERENCES operations (run_id, operation_index) ON DELETE CASCADE
            );
            """),
        new(4, "runs.source_sha256: the SHA-256 of the file an imported run came from, so a file imported again is stored once", """
            ALTER TABLE runs ADD COLUMN source_sha256 TEXT NOT NULL DEFAULT '';
            CREATE INDEX runs_by_source ON runs (source_sha256);
            """),
    ];

    /// <summary>The newest schema version this build knows.</summary>
    public static int Latest => All[^1].Version;
}
