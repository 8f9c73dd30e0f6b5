using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace Accountability.Infrastructure;

/// <summary>
/// The read models no command's answer needs (scorecard entries, deadline alerts) are asynchronous projections:
/// a command writes its events and the assignment, and Marten's daemon (run by Wolverine on one node) folds them just
/// after, so no write waits for them (docs/benchmarks.md, issue 18). A reader that must show every change made before
/// it asked (the scorecards, the alerts, a plan's boxes, the exports, the calendar's re-checks, the audit) waits here
/// until every asynchronous projection has reached the last event committed when it asked: one small query when they
/// are current, which is nearly always.
/// </summary>
public static class AsyncReadModels
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(25);

    /// <summary>How long a reader waits before it answers with what is there (a daemon stopped or far behind).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public static async Task WaitAsync(IQuerySession session, CancellationToken ct)
    {
        var options = (StoreOptions)session.DocumentStore.Options;
        var shards = options.Projections.All.OfType<ProjectionBase>().Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => $"{p.Name}:All").ToArray();
        if (shards.Length == 0) return;
        var schema = options.Events.DatabaseSchemaName;
        // The last event committed now, and the least progress among the shards (a shard not started yet: 0).
        var sql = $"""
            select coalesce((select max(seq_id) from {schema}.mt_events), 0),
                   (select coalesce(min(coalesce(p.last_seq_id, 0)), 0) from unnest(@shards) as s(name)
                    left join {schema}.mt_event_progression p on p.name = s.name)
            """;
        long? target = null;
        // Real time, not the service's clock: this waits for the daemon, which runs on real time (Time/EventStampClock.cs).
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            await using var command = new NpgsqlCommand(sql);
            command.Parameters.AddWithValue("shards", shards);
            long last, reached;
            await using (var reader = await session.ExecuteReaderAsync(command, ct))
            {
                await reader.ReadAsync(ct);
                (last, reached) = (reader.GetInt64(0), reader.GetInt64(1));
            }
            target ??= last;
            if (reached >= target || TimeProvider.System.GetElapsedTime(started) >= MaxWait) return;
            await Task.Delay(Pause, ct);
        }
    }
}
