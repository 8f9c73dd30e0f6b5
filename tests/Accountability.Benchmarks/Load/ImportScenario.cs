using System.Diagnostics;
using System.Text.Json;
using Accountability.Agencies;
using Accountability.Assignments;
using Accountability.Plans;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Accountability.Benchmarks.Load;

/// <summary>
/// 2. Import and append: the assignments and their events (streams, inline read models, deadline timers) for N
/// obligations, through the service's import. Baseline: binary COPY of the same event rows into a plain table.
/// </summary>
public static class ImportScenario
{
    /// <summary>
    /// The same import with the hash-chain trigger switched off, to show what tamper evidence costs (for comparison
    /// only: the service always runs with it).
    /// </summary>
    public static async Task<Result> WithoutChainAsync(ServiceUnderTest service, string connection, int obligations, int parallel)
    {
        await service.ResetAsync();
        // The chain is the service's session listener (and a trigger that refuses events without a hash): both off.
        var listeners = ((StoreOptions)service.Store.Options).Listeners;
        var chain = listeners.OfType<Audit.EventChainListener>().Single();
        var schema = service.Store.Options.Events.DatabaseSchemaName;
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using (var off = new NpgsqlCommand($"alter table {schema}.mt_events disable trigger require_event_hash", conn)) await off.ExecuteNonQueryAsync();
        listeners.Remove(chain);
        try
        {
            var row = await RunAsync(service, connection, obligations, parallel);
            return row with { Scenario = "2. Import, hash chain off (comparison)", Target = "–", TargetMet = null };
        }
        finally
        {
            listeners.Add(chain);
            await using var on = new NpgsqlCommand($"alter table {schema}.mt_events enable trigger require_event_hash", conn);
            await on.ExecuteNonQueryAsync();
        }
    }

    public static async Task<Result> RunAsync(ServiceUnderTest service, string connection, int obligations, int parallel)
    {
        var plans = obligations / NationalData.ObligationsPerPlan;
        var agencies = Math.Max(plans * NationalData.AgenciesPerPlan / 10, NationalData.AgenciesPerPlan);
        var start = new DateOnly(2026, 1, 1);
        Func<int, int, DateOnly?> due = (_, o) => NationalData.HalfYear(start, o);
        await service.ResetAsync();
        service.Clock.Set(new DateTimeOffset(2026, 1, 5, 3, 0, 0, TimeSpan.Zero));

        var baseline = await CopyBaselineAsync(connection, plans, agencies, due);
        Log.Line($"import: baseline COPY {obligations:N0} rows at {baseline:N0} rows/s");

        using var memory = new MemorySampler();
        var watch = Stopwatch.StartNew();
        await NationalData.ImportAsync(service, plans, agencies, due, parallel);
        watch.Stop();
        var rate = obligations / watch.Elapsed.TotalSeconds;
        Log.Line($"import: {obligations:N0} obligations in {watch.Elapsed.TotalSeconds:N1} s ({rate:N0}/s)");
        await using (var query = service.Store.QuerySession())
        {
            var streams = await query.Query<Assignment>().CountAsync();
            if (streams != obligations) throw new InvalidOperationException($"import: expected {obligations} assignments, found {streams}");
        }
        return new Result("2. Import and append", $"{obligations:N0} obligations", obligations, rate, "obligations/s", null, null, memory.PeakMb,
            baseline, "binary COPY of the event rows", "≥ 25% of baseline", rate / baseline >= 0.25,
            $"{plans} plans of {NationalData.ObligationsPerPlan:N0}, {parallel} at a time; {watch.Elapsed.TotalSeconds:N1} s");
    }

    /// <summary>The write limit: the same event rows (id, stream, version, type, data, time) COPYed into a plain table.</summary>
    private static async Task<double> CopyBaselineAsync(string connection, int plans, int agencies, Func<int, int, DateOnly?> due)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand("""
            drop table if exists bench_copy_events;
            create table bench_copy_events (seq_id bigserial, id uuid, stream_id uuid, version bigint, type text, data jsonb, timestamp timestamptz);
            """, conn))
            await cmd.ExecuteNonQueryAsync();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        long rows = 0;
        await using (var writer = await conn.BeginBinaryImportAsync("copy bench_copy_events (id, stream_id, version, type, data, timestamp) from stdin (format binary)"))
        {
            for (var p = 0; p < plans; p++)
            {
                foreach (var e in PlanImport.Issued(NationalData.Plan(p, agencies, due), "bench", now))
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                    await writer.WriteAsync(e.AssignmentId, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await writer.WriteAsync("assignment_issued", NpgsqlDbType.Text);
                    await writer.WriteAsync(JsonSerializer.Serialize(e, json), NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    rows++;
                }
            }
            await writer.CompleteAsync();
        }
        watch.Stop();
        await using (var cmd = new NpgsqlCommand("drop table bench_copy_events", conn)) await cmd.ExecuteNonQueryAsync();
        return rows / watch.Elapsed.TotalSeconds;
    }
}
