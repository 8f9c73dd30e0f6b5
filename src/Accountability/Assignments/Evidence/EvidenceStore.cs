using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Accountability.Assignments.Evidence;

/// <summary>
/// The bytes of evidence files: a table of their own (bytea, not base64 in a JSON document), written in the same
/// transaction as the event that names them, so a report refused (a broken rule, a stale version) leaves no bytes
/// behind and a report taken never lacks them. Marten creates the table with its own (db-apply, start-up).
/// </summary>
public static class EvidenceStore
{
    public const string TableName = "evidence_files";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("assignment_id").NotNull();
        table.AddColumn<string>("name").NotNull();
        table.AddColumn<string>("content_type").NotNull();
        table.AddColumn<long>("size").NotNull();
        table.AddColumn<string>("sha256").NotNull();
        table.AddColumn("content", "bytea").NotNull();
        table.AddColumn<DateTimeOffset>("stored_at").NotNull();
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_assignment") { Columns = ["assignment_id"] });
        return table;
    }

    private static string Qualified(IQuerySession session) => $"{session.DocumentStore.Options.DatabaseSchemaName}.{TableName}";

    /// <summary>
    /// Queues the files' rows in the session that appends the report, and returns what the event records of them
    /// (null when there are none, so an event without files reads as before).
    /// </summary>
    public static IReadOnlyList<EvidenceFile>? Keep(IDocumentSession session, Guid assignmentId, IReadOnlyList<EvidenceUpload>? uploads, DateTimeOffset now)
    {
        if (uploads is not { Count: > 0 }) return null;
        foreach (var u in uploads)
            session.QueueSqlCommand($"insert into {Qualified(session)} (id, assignment_id, name, content_type, size, sha256, content, stored_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                u.File.Id, assignmentId, u.File.Name, u.File.ContentType, u.File.Size, u.File.Sha256, u.Content, now);
        return [.. uploads.Select(u => u.File)];
    }

    /// <summary>The stored bytes of one file of the assignment, or null.</summary>
    public static async Task<byte[]?> ContentAsync(IQuerySession session, Guid assignmentId, Guid fileId, CancellationToken ct)
    {
        var rows = await session.AdvancedSql.QueryAsync<byte[]>($"select content from {Qualified(session)} where id = ? and assignment_id = ?", ct, fileId, assignmentId);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>How many files are stored for the assignment (tests show a refused report stored none).</summary>
    public static async Task<long> CountAsync(IQuerySession session, Guid assignmentId, CancellationToken ct) =>
        (await session.AdvancedSql.QueryAsync<long>($"select count(*) from {Qualified(session)} where assignment_id = ?", ct, assignmentId))[0];
}
