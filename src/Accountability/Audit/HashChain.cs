using Marten;
using Npgsql;

namespace Accountability.Audit;

/// <summary>A link of the chain that does not hold: which event, and what is wrong with it.</summary>
public sealed record BrokenLink(Guid Stream, long Version, string Problem);

public sealed record ChainReport(bool Ok, long Checked, long Streams, IReadOnlyList<BrokenLink> Broken);

/// <summary>
/// Tamper evidence. Every event row carries, in its headers, the SHA-256 of its immutable content (stream,
/// version, type, recorded time, data) chained to the hash of the event before it in its stream. The database
/// computes it (a trigger on the events table), so every way an event can be written is covered and the hash
/// is over exactly the stored bytes (jsonb's canonical text). Verifying recomputes every link: a row changed by
/// hand, an event deleted from the middle, or a hash overwritten shows up as a broken link. A chain cannot see
/// its own tail cut off; signed checkpoints (<see cref="Checkpoints"/>) cover that.
/// </summary>
public sealed class HashChain(IDocumentStore store)
{
    private string Schema => store.Options.Events.DatabaseSchemaName;

    /// <summary>The content hash, one definition for writing and for checking (hex SHA-256).</summary>
    private string HashFunction => $"""
        CREATE OR REPLACE FUNCTION {Schema}.event_hash(prev text, stream uuid, version bigint, type text, recorded timestamptz, data jsonb)
        RETURNS text LANGUAGE sql IMMUTABLE AS $f$
          SELECT encode(sha256(convert_to(concat_ws(E'\n', coalesce(prev, ''), stream::text, version::text, type,
            (extract(epoch FROM recorded) * 1000000)::bigint::text, data::text), 'UTF8')), 'hex')
        $f$;
        -- Marten writes "no headers" as a JSON null; the chain's link makes them an object.
        CREATE OR REPLACE FUNCTION {Schema}.header_object(headers jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $f$
          SELECT CASE WHEN jsonb_typeof(headers) = 'object' THEN headers ELSE jsonb_build_object() END
        $f$;
        """;

    private string Trigger => $"""
        CREATE OR REPLACE FUNCTION {Schema}.chain_event() RETURNS trigger LANGUAGE plpgsql AS $f$
        DECLARE previous text;
        BEGIN
          IF NEW.version > 1 THEN
            SELECT e.headers ->> 'hash' INTO previous FROM {Schema}.mt_events e
             WHERE e.stream_id = NEW.stream_id AND e.version = NEW.version - 1;
          END IF;
          NEW.headers := {Schema}.header_object(NEW.headers) || jsonb_build_object('prev', previous,
            'hash', {Schema}.event_hash(previous, NEW.stream_id, NEW.version, NEW.type, NEW.timestamp, NEW.data));
          RETURN NEW;
        END $f$;
        CREATE OR REPLACE TRIGGER chain_event BEFORE INSERT ON {Schema}.mt_events
          FOR EACH ROW EXECUTE FUNCTION {Schema}.chain_event();
        """;

    // Events written before the chain existed get their links once, in stream order.
    private string Backfill => $"""
        DO $f$
        DECLARE r record; previous text; current_stream uuid; h text;
        BEGIN
          FOR r IN SELECT seq_id, stream_id, version, type, timestamp, data, headers FROM {Schema}.mt_events
                   WHERE stream_id IN (SELECT stream_id FROM {Schema}.mt_events WHERE NOT coalesce({Schema}.header_object(headers) ? 'hash', false))
                   ORDER BY stream_id, version LOOP
            IF current_stream IS DISTINCT FROM r.stream_id THEN previous := NULL; current_stream := r.stream_id; END IF;
            IF {Schema}.header_object(r.headers) ? 'hash' THEN previous := r.headers ->> 'hash'; CONTINUE; END IF;
            h := {Schema}.event_hash(previous, r.stream_id, r.version, r.type, r.timestamp, r.data);
            UPDATE {Schema}.mt_events SET headers = {Schema}.header_object(headers) || jsonb_build_object('prev', previous, 'hash', h)
             WHERE seq_id = r.seq_id;
            previous := h;
          END LOOP;
        END $f$;
        """;

    /// <summary>Marks a database whose older events were linked, so later start-ups skip the scan for them.</summary>
    private const string BackfillDone = "HashChain:1";

    public async Task InstallAsync(TimeProvider clock, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var linked = await session.LoadAsync<Infrastructure.ProjectionBuilt>(BackfillDone, ct) is not null;
        await using (var connection = await OpenAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            foreach (var sql in linked ? [HashFunction, Trigger] : new[] { HashFunction, Trigger, Backfill })
            {
                await using var command = new NpgsqlCommand(sql, connection, tx);
                await command.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        if (linked) return;
        session.Store(new Infrastructure.ProjectionBuilt(BackfillDone, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Recomputes every link (or one stream's) and reports each that does not hold.</summary>
    public async Task<ChainReport> VerifyAsync(Guid? stream, CancellationToken ct)
    {
        var sql = $"""
            WITH ev AS (
              SELECT stream_id, version, type, timestamp, data, headers ->> 'hash' AS hash, headers ->> 'prev' AS prev,
                     lag(headers ->> 'hash') OVER w AS before_hash, lag(version) OVER w AS before_version
                FROM {Schema}.mt_events
               WHERE @stream::uuid IS NULL OR stream_id = @stream::uuid
              WINDOW w AS (PARTITION BY stream_id ORDER BY version)
            ), judged AS (
              SELECT stream_id, version,
                     CASE WHEN hash IS NULL THEN 'the event has no hash'
                          WHEN coalesce(before_version, 0) <> version - 1 THEN 'events before this one are missing'
                          WHEN prev IS DISTINCT FROM before_hash THEN 'the link to the event before does not match'
                          WHEN hash <> {Schema}.event_hash(before_hash, stream_id, version, type, timestamp, data) THEN 'the event was changed after it was written'
                     END AS problem
                FROM ev
            ), heads AS (
              SELECT s.id AS stream_id, s.version AS said, max(e.version) AS found
                FROM {Schema}.mt_streams s LEFT JOIN {Schema}.mt_events e ON e.stream_id = s.id
               -- A stream row at version 0 holds nothing yet (a write to a new stream that did not commit its events).
               WHERE (@stream::uuid IS NULL OR s.id = @stream::uuid) AND s.version > 0
               GROUP BY s.id, s.version
            )
            SELECT stream_id, version, problem, 0 AS kind FROM judged WHERE problem IS NOT NULL
            UNION ALL
            SELECT stream_id, said, 'the stream says version ' || said || ' but its events end at ' || coalesce(found, 0), 0
              FROM heads WHERE found IS DISTINCT FROM said
            UNION ALL
            SELECT NULL, count(*), NULL, 1 FROM judged
            UNION ALL
            SELECT NULL, count(*), NULL, 2 FROM heads
            ORDER BY 4, 1, 2
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("stream", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)stream ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var broken = new List<BrokenLink>();
        long checkedEvents = 0, streams = 0;
        while (await reader.ReadAsync(ct))
        {
            switch (reader.GetInt32(3))
            {
                case 0: broken.Add(new BrokenLink(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2))); break;
                case 1: checkedEvents = reader.GetInt64(1); break;
                default: streams = reader.GetInt64(1); break;
            }
        }
        return new ChainReport(broken.Count == 0, checkedEvents, streams, broken);
    }

    /// <summary>Every stream's head: its last version and that event's hash, ordered by stream id.</summary>
    public async Task<IReadOnlyList<StreamHead>> HeadsAsync(CancellationToken ct)
    {
        var sql = $"""
            SELECT DISTINCT ON (stream_id) stream_id, version, coalesce(headers ->> 'hash', '')
              FROM {Schema}.mt_events ORDER BY stream_id, version DESC
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var heads = new List<StreamHead>();
        while (await reader.ReadAsync(ct)) heads.Add(new StreamHead(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2)));
        return heads;
    }

    /// <summary>The hash each stream has now at the given versions (null where the stream or the version is gone).</summary>
    public async Task<IReadOnlyDictionary<(Guid, long), string?>> HashesAtAsync(IReadOnlyList<StreamHead> heads, CancellationToken ct)
    {
        var sql = $"""
            SELECT h.stream, h.version, e.headers ->> 'hash'
              FROM unnest(@streams, @versions) AS h(stream, version)
              LEFT JOIN {Schema}.mt_events e ON e.stream_id = h.stream AND e.version = h.version
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("streams", heads.Select(h => h.Stream).ToArray());
        command.Parameters.AddWithValue("versions", heads.Select(h => h.Version).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new Dictionary<(Guid, long), string?>();
        while (await reader.ReadAsync(ct))
            found[(reader.GetGuid(0), reader.GetInt64(1))] = reader.IsDBNull(2) ? null : reader.GetString(2);
        return found;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}

/// <summary>At start-up, before anything is appended: the chain's function and trigger, and links for older events.</summary>
public sealed class HashChainInstaller(HashChain chain, TimeProvider clock) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => chain.InstallAsync(clock, ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
