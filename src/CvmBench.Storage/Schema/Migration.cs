namespace CvmBench.Storage.Schema;

/// <summary>One step of the schema: applied once, in order, inside a transaction, and recorded in
/// <c>schema_migrations</c>.</summary>
/// <param name="Version">The schema version this step produces (1, 2, ...).</param>
/// <param name="Description">What it changes, in a line.</param>
/// <param name="Sql">The statements, in SQL that SQLite and PostgreSQL both accept.</param>
public sealed record Migration(int Version, string Description, string Sql);
