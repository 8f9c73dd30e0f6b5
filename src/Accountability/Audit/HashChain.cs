using System.Globalization;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Accountability.Audit;

/// <summary>A link of the chain that does not hold: which event (or read model, or stream), and what is wrong with it.</summary>
public sealed record BrokenLink(Guid Stream, long Version, string Problem);

public sealed record ChainReport(bool Ok, long Checked, long Streams, IReadOnlyList<BrokenLink> Broken);

/// <summary>One event read back for checking, with whether its hash held.</summary>
public sealed record CheckedEvent(Guid Stream, long Version, string DotNetType, string Data, bool Holds);

/// <summary>
/// Tamper evidence. Every event row carries, in its headers, its chain hash (<see cref="EventHash"/>: an HMAC whose
/// key the database does not hold, computed by the service as it appends, <see cref="EventChainListener"/>) and the
/// hash of the event before it in its stream. Verifying reads every event back and recomputes every link: a row
/// inserted, changed, archived or deleted from the middle by someone who can write the database shows up as a broken
/// link, because they cannot compute a hash that holds. The database's only part is a trigger that refuses an event
/// without a hash. A chain cannot see its own tail cut off, nor a whole stream deleted: the signed checkpoints
/// (<see cref="Checkpoints"/>, written out of the database every hour) cover that.
/// </summary>
public sealed class HashChain(IDocumentStore store, AuditChainKey key, ILogger<HashChain> log)
{
    private string Schema => store.Options.Events.DatabaseSchemaName;

    /// <summary>Marten's bookkeeping stream that fills sequence numbers a failed write drew; not the service's events.</summary>
    public static readonly Guid TombstoneStream = Tombstone.StreamId;

    private string Trigger => $"""
        DROP TRIGGER IF EXISTS chain_event ON {Schema}.mt_events;
        DROP FUNCTION IF EXISTS {Schema}.chain_event();
        DROP FUNCTION IF EXISTS {Schema}.event_hash(text, uuid, bigint, text, timestamptz, jsonb);
        CREATE OR REPLACE FUNCTION {Schema}.require_event_hash() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF (jsonb_typeof(NEW.headers) IS DISTINCT FROM 'object' OR NEW.headers ->> 'hash' IS NULL)
             AND NOT (NEW.stream_id = '{TombstoneStream}' AND NEW.type = '{Tombstone.Name}') THEN
            RAISE EXCEPTION 'an event must carry its chain hash (stream %, version %); events are appended through the service'
              , NEW.stream_id, NEW.version USING ERRCODE = 'P0001';
          END IF;
          RETURN NEW;
        END $f$;
        CREATE OR REPLACE TRIGGER require_event_hash BEFORE INSERT ON {Schema}.mt_events
          FOR EACH ROW EXECUTE FUNCTION {Schema}.require_event_hash();
        """;

    /// <summary>At start-up: the trigger, and when the chain key is new, every stored event linked under it.</summary>
    public async Task InstallAsync(CancellationToken ct)
    {
        await using (var connection = await OpenAsync(ct))
        await using (var command = new NpgsqlCommand(Trigger, connection))
            await command.ExecuteNonQueryAsync(ct);
        if (key.IsNew) await RelinkAllAsync(ct);
    }

    /// <summary>
    /// Links every stored event under the current key, in stream order. Only when the key was just made (first start,
    /// or a database from before this chain): the events are vouched for as they stand at that moment.
    /// </summary>
    public async Task RelinkAllAsync(CancellationToken ct)
    {
        const int batch = 5_000;
        var seqs = new List<long>(batch);
        var prevs = new List<string?>(batch);
        var hashes = new List<string>(batch);
        long linked = 0;
        await using var reader = await OpenAsync(ct);
        await using var writer = await OpenAsync(ct);
        await foreach (var row in ReadAsync(reader, null, ct))
        {
            seqs.Add(row.Sequence);
            prevs.Add(row.PreviousInStream);
            hashes.Add(row.Recomputed(key.Key, row.PreviousInStream, archived: false));
            row.ChainWith(hashes[^1]);
            if (seqs.Count == batch) linked += await WriteLinksAsync(writer, seqs, prevs, hashes, ct);
        }
        linked += await WriteLinksAsync(writer, seqs, prevs, hashes, ct);
        if (linked > 0) log.LogWarning("A new event chain key: {Count} stored events were linked under it as they stand now", linked);
    }

    private async Task<int> WriteLinksAsync(NpgsqlConnection connection, List<long> seqs, List<string?> prevs, List<string> hashes, CancellationToken ct)
    {
        if (seqs.Count == 0) return 0;
        await using var command = new NpgsqlCommand($"""
            UPDATE {Schema}.mt_events e
               SET headers = (CASE WHEN jsonb_typeof(e.headers) = 'object' THEN e.headers ELSE jsonb_build_object() END) - 'prev'
                             || jsonb_strip_nulls(jsonb_build_object('prev', u.prev, 'hash', u.hash))
              FROM unnest(@seqs, @prevs, @hashes) AS u(seq, prev, hash)
             WHERE e.seq_id = u.seq
            """, connection);
        command.Parameters.AddWithValue("seqs", seqs.ToArray());
        command.Parameters.AddWithValue("prevs", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, prevs.Select(p => (object?)p ?? DBNull.Value).ToArray());
        command.Parameters.AddWithValue("hashes", hashes.ToArray());
        var count = await command.ExecuteNonQueryAsync(ct);
        seqs.Clear();
        prevs.Clear();
        hashes.Clear();
        return count;
    }

    /// <summary>
    /// Recomputes every link (or one stream's) and reports each that does not hold; <paramref name="visit"/> sees every
    /// event in stream order with whether it held (the read-model check folds the ones that did).
    /// </summary>
    public async Task<ChainReport> VerifyAsync(Guid? stream, Func<CheckedEvent, CancellationToken, Task>? visit, CancellationToken ct)
    {
        var broken = new List<BrokenLink>();
        long checkedEvents = 0;
        await using (var connection = await OpenAsync(ct))
            await foreach (var row in ReadAsync(connection, stream, ct))
            {
                checkedEvents++;
                var problem = row.Problem(key.Key);
                if (problem is not null) broken.Add(new BrokenLink(row.Stream, row.Version, problem));
                row.ChainWith(row.Hash);
                if (visit is not null) await visit(new CheckedEvent(row.Stream, row.Version, row.DotNetType, row.Data, problem is null), ct);
            }
        var (streams, disagreeing) = await StreamRowsAsync(stream, ct);
        broken.AddRange(disagreeing);
        return new ChainReport(broken.Count == 0, checkedEvents, streams, broken);
    }

    /// <summary>Stream rows whose version says more (or less) than their events hold, and how many streams there are.</summary>
    private async Task<(long Streams, List<BrokenLink> Broken)> StreamRowsAsync(Guid? stream, CancellationToken ct)
    {
        var sql = $"""
            SELECT s.id, s.version, coalesce(max(e.version), 0)
              FROM {Schema}.mt_streams s LEFT JOIN {Schema}.mt_events e ON e.stream_id = s.id
             -- A stream row at version 0 holds nothing yet (a write to a new stream that did not commit its events).
             WHERE (@stream::uuid IS NULL OR s.id = @stream::uuid) AND s.version > 0 AND s.id <> '{TombstoneStream}'
             GROUP BY s.id, s.version
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("stream", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)stream ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var broken = new List<BrokenLink>();
        long streams = 0;
        while (await reader.ReadAsync(ct))
        {
            streams++;
            var (said, found) = (reader.GetInt64(1), reader.GetInt64(2));
            if (said != found) broken.Add(new BrokenLink(reader.GetGuid(0), said, $"the stream says version {said} but its events end at {found}"));
        }
        return (streams, broken);
    }

    /// <summary>Every stream's head: its last version and that event's hash, ordered by stream id.</summary>
    public async Task<IReadOnlyList<StreamHead>> HeadsAsync(CancellationToken ct)
    {
        var sql = $"""
            SELECT DISTINCT ON (stream_id) stream_id, version, coalesce(headers ->> 'hash', '')
              FROM {Schema}.mt_events WHERE stream_id <> '{TombstoneStream}' ORDER BY stream_id, version DESC
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

    /// <summary>Every event (or one stream's) in stream order, each knowing the stored hash of the one before it.</summary>
    private async IAsyncEnumerable<EventRow> ReadAsync(NpgsqlConnection connection, Guid? stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var sql = $"""
            SELECT stream_id, version, seq_id, id, type, coalesce(mt_dotnet_type, ''), timestamp, is_archived, data::text,
                   CASE WHEN jsonb_typeof(headers) = 'object' THEN headers ->> 'prev' END,
                   CASE WHEN jsonb_typeof(headers) = 'object' THEN headers ->> 'hash' END
              FROM {Schema}.mt_events
             WHERE (@stream::uuid IS NULL OR stream_id = @stream::uuid)
               AND NOT (stream_id = '{TombstoneStream}' AND type = '{Tombstone.Name}')
             ORDER BY stream_id, version
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("stream", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)stream ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        EventRow? before = null;
        while (await reader.ReadAsync(ct))
        {
            var row = new EventRow(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetBoolean(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10));
            if (before is not null && before.Stream == row.Stream) row.Follows(before);
            yield return row;
            before = row;
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>One stored event and what the chain says about it.</summary>
    private sealed class EventRow(Guid stream, long version, long sequence, Guid id, string type, string dotNetType, DateTimeOffset recorded,
        bool archived, string data, string? prev, string? hash)
    {
        public Guid Stream => stream;
        public long Version => version;
        public long Sequence => sequence;
        public string DotNetType => dotNetType;
        public string Data => data;
        public string? Hash => hash;

        private long _versionBefore;
        private long _sequenceBefore;

        /// <summary>The hash of the event before this one in its stream, as the chain goes on (null for the first).</summary>
        public string? PreviousInStream { get; private set; }

        public void Follows(EventRow before)
        {
            _versionBefore = before.Version;
            _sequenceBefore = before.Sequence;
            PreviousInStream = before.Linked;
        }

        /// <summary>The hash the next event's link must name (the stored one, so one bad event does not break the rest).</summary>
        public string? Linked { get; private set; }

        public void ChainWith(string? hash) => Linked = hash;

        public string Recomputed(byte[] key, string? previous, bool archived) =>
            EventHash.Of(key, previous, new EventFacts(stream, version, id, type, dotNetType, recorded, archived, EventHash.CanonicalJson(data)));

        public string? Problem(byte[] key)
        {
            if (hash is null) return "the event has no hash";
            if (version != _versionBefore + 1) return _versionBefore == 0 && version > 1 ? "events before this one are missing" : $"events between version {_versionBefore} and this one are missing";
            if (prev != PreviousInStream) return "the link to the event before does not match";
            if (Recomputed(key, PreviousInStream, archived) != hash)
                return archived && Recomputed(key, PreviousInStream, false) == hash
                    ? "the event was marked archived after it was written, which hides it from history and asOf"
                    : "the event does not match its hash: it was written or changed outside the service";
            if (sequence <= _sequenceBefore) return string.Create(CultureInfo.InvariantCulture, $"the event's sequence number {sequence} is not after the one before it ({_sequenceBefore})");
            return null;
        }
    }
}

/// <summary>At start-up, before anything is appended: the trigger, and links for events stored before the key existed.</summary>
public sealed class HashChainInstaller(HashChain chain) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => chain.InstallAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
