using Marten;
using Npgsql;

namespace Accountability.Scorecards;

/// <summary>
/// Scorecard entries are an asynchronous projection: a command writes its events and the assignment, and Marten's
/// daemon (run by Wolverine on one node) folds the entries just after. No command's answer needs them, so no write
/// waits for them. A reader that must show every change made before it asked (the scorecards, a plan's boxes, the
/// exports, the audit's comparison) waits here until the projection has reached the last event committed when it
/// asked: one small query when it is current, which is nearly always.
/// </summary>
public static class CurrentEntries
{
    private const string Shard = nameof(ScorecardEntry);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(25);

    /// <summary>How long a reader waits before it answers with what is there (and says so in the log).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public static async Task WaitAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        // The last event committed now, and how far the entries' shard has come (no row: it has not started yet).
        var sql = $"""
            select coalesce((select max(seq_id) from {schema}.mt_events), 0),
                   coalesce((select max(last_seq_id) from {schema}.mt_event_progression where name like '{Shard}:%'), 0)
            """;
        long? target = null;
        var waited = TimeSpan.Zero;
        while (true)
        {
            var (last, reached) = await ReadAsync(session, sql, ct);
            target ??= last;
            if (reached >= target || waited >= MaxWait) return;
            // Real time, not the service's clock: this is a wait for the daemon, which runs on real time.
            await Task.Delay(Pause, ct);
            waited += Pause;
        }
    }

    private static async Task<(long Last, long Reached)> ReadAsync(IQuerySession session, string sql, CancellationToken ct)
    {
        var command = new NpgsqlCommand(sql);
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
