using System.Diagnostics;
using System.Net.Http.Json;
using Accountability.Assignments;
using Accountability.Scorecards;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Accountability.Benchmarks.Load;

/// <summary>3. Commands over HTTP and 6. reads, driven over real sockets against the in-process service.</summary>
public static class HttpScenarios
{
    public const int Clients = 32;

    private sealed record Counts(Latencies Latencies, long Ok, long Failed, double Seconds)
    {
        public double PerSecond => Ok / Seconds;
    }

    /// <summary>
    /// 32 clients, each taking the next assignment and sending acknowledge, progress, complete (as an agency's clerk
    /// does), closed loop, for <paramref name="duration"/>. Baseline: the same clients against a bare endpoint of
    /// the same host that inserts one row with Npgsql.
    /// </summary>
    public static async Task<Result> CommandsAsync(ServiceUnderTest service, int pool, TimeSpan duration)
    {
        await service.ResetAsync();
        service.Clock.Set(new DateTimeOffset(2026, 1, 5, 3, 0, 0, TimeSpan.Zero));
        var plans = Math.Max(pool / NationalData.ObligationsPerPlan, 1);
        await NationalData.ImportAsync(service, plans, plans * NationalData.AgenciesPerPlan, (_, o) => NationalData.HalfYear(new DateOnly(2026, 1, 1), o), 2);
        await service.AnalyzeAsync();
        // Each command is sent with the token of the agency that holds the assignment, as its clerk would.
        List<(Guid Id, string Token)> ids;
        await using (var query = service.Store.QuerySession())
            ids = [.. (await query.Query<Assignment>().ToListAsync()).Select(a => (a.Id, service.Token(Accountability.Security.Roles.Agency, a.AgencyId)))];
        Log.Line($"commands: {ids.Count:N0} assignments ready");

        using var client = service.Client();
        var next = -1;
        // Warm-up: the first requests compile Wolverine's handlers.
        await RunAsync(TimeSpan.FromSeconds(3), async () => await Lifecycle(client, ids[Interlocked.Increment(ref next) % ids.Count], null));
        var baselineCounts = await RunAsync(duration / 2, async () =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/bench/baseline/insert", JsonContent.Create(new { percent = 50 }));
            return (response.IsSuccessStatusCode ? 1 : 0, response.IsSuccessStatusCode ? 0 : 1, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        Log.Line($"commands: baseline {baselineCounts.PerSecond:N0}/s, p99 {baselineCounts.Latencies.Percentile(99):N1} ms");

        using var memory = new MemorySampler();
        var latencies = new Latencies();
        var counts = await RunAsync(duration, async () =>
        {
            var i = Interlocked.Increment(ref next);
            if (i >= ids.Count) throw new InvalidOperationException("commands: the pool of assignments ran out; give a larger pool");
            return await Lifecycle(client, ids[i], latencies);
        }, latencies);
        Log.Line($"commands: {counts.PerSecond:N0}/s, p50 {latencies.Percentile(50):N1} ms, p99 {latencies.Percentile(99):N1} ms, {counts.Failed} failed");
        var p99 = latencies.Percentile(99);
        var met = counts.PerSecond >= 2000 && p99 < 50 && counts.PerSecond / baselineCounts.PerSecond >= 0.5 && counts.Failed == 0;
        return new Result("3. Commands over HTTP", $"{Clients} clients, {duration.TotalSeconds:N0} s", (long)counts.Ok, counts.PerSecond, "commands/s",
            latencies.Percentile(50), p99, memory.PeakMb, baselineCounts.PerSecond, "bare endpoint, one Npgsql insert",
            "≥ 2,000/s, p99 < 50 ms, ≥ 50%", met, $"{counts.Ok:N0} commands, {counts.Failed} failed; baseline p99 {baselineCounts.Latencies.Percentile(99):N1} ms");
    }

    /// <summary>
    /// 3 again, for comparison: the same commands on a host where the scorecard entries and the deadline alerts are
    /// asynchronous projections (Marten's daemon, run by Wolverine on this node, folds them after the command commits),
    /// so each command writes its events and the assignment only. Measures what those two inline read models cost a
    /// command; the service keeps them inline (their readers need them current; docs/benchmarks.md).
    /// </summary>
    public static async Task<Result> CommandsWithAsyncReadModelsAsync(string connection, int pool, TimeSpan duration)
    {
        await using var service = await ServiceUnderTest.StartAsync(connection, DateTimeOffset.UtcNow, configure: builder =>
            builder.Services.ConfigureMarten(opts =>
            {
                foreach (var projection in opts.Projections.All.OfType<JasperFx.Events.Projections.ProjectionBase>())
                    if (projection.Name is nameof(Scorecards.ScorecardEntry) or nameof(Deadlines.DeadlineAlert) or nameof(Deadlines.DeadlineAlertProjection))
                        projection.Lifecycle = JasperFx.Events.Projections.ProjectionLifecycle.Async;
            }));
        var lifecycles = ((StoreOptions)service.Store.Options).Projections.All.OfType<JasperFx.Events.Projections.ProjectionBase>()
            .Where(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Async).Select(p => p.Name).ToList();
        if (lifecycles.Count != 2) throw new InvalidOperationException($"commands: expected two async read models, found [{string.Join(", ", lifecycles)}]");
        var row = await CommandsAsync(service, pool, duration);
        return row with { Scenario = "3. Commands, scorecard and alerts async (comparison)", Target = "–", TargetMet = null };
    }

    private static async Task<(int Ok, int Failed, double Ms)> Lifecycle(HttpClient client, (Guid Id, string Token) assignment, Latencies? latencies)
    {
        int ok = 0, failed = 0;
        foreach (var (path, body) in new (string, object)[]
                 {
                     ("acknowledge", new { }),
                     ("progress", new { percent = 50, note = "Đã triển khai" }),
                     ("complete", new { evidence = "Báo cáo số 12/BC" }),
                 })
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{assignment.Id}/{path}") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new("Bearer", assignment.Token);
            using var response = await client.SendAsync(request);
            latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.IsSuccessStatusCode) ok++;
            else
            {
                failed++;
                if (failed == 1 && Volatile.Read(ref _reported) == 0 && Interlocked.Exchange(ref _reported, 1) == 0)
                    Log.Line($"commands: {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        return (ok, failed, 0);
    }

    private static int _reported;

    /// <summary>Closed loop: <see cref="Clients"/> workers call <paramref name="once"/> until the time is up.</summary>
    private static async Task<Counts> RunAsync(TimeSpan duration, Func<Task<(int Ok, int Failed, double Ms)>> once, Latencies? shared = null)
    {
        var latencies = shared ?? new Latencies();
        long ok = 0, failed = 0;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                var (o, f, ms) = await once();
                Interlocked.Add(ref ok, o);
                Interlocked.Add(ref failed, f);
                if (shared is null) latencies.Add(ms);
            }
        }));
        await Task.WhenAll(workers);
        return new Counts(latencies, ok, failed, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// 6. Reads at a fixed rate (open loop: latency counts from the moment each request was due, so a stall is not
    /// hidden): one agency's scorecard among all agencies, and the alerts. Baseline: a bare endpoint reading one
    /// row by key with Npgsql, at the same rate.
    /// </summary>
    public static async Task<IReadOnlyList<Result>> ReadsAsync(ServiceUnderTest service, int agencies, int rate, TimeSpan duration)
    {
        await service.ResetAsync();
        // Five-year programme, half-year reports spread over the year's days; "now" a week into it.
        var start = new DateOnly(2026, 1, 1);
        service.Clock.Set(new DateTimeOffset(2026, 1, 12, 3, 0, 0, TimeSpan.Zero));
        var plans = agencies / NationalData.AgenciesPerPlan;
        await NationalData.ImportAsync(service, plans, agencies, (agency, o) => start.AddDays(o * 182 + agency % 182), 2);
        await SeedBaselineReadsAsync(service, agencies);
        await service.AnalyzeAsync();
        Log.Line($"reads: {agencies:N0} agencies, {plans * NationalData.ObligationsPerPlan:N0} obligations ready");

        using var client = service.Client();
        var random = new Random(7);
        string Agency() => Agencies.Agency.IdFor(NationalData.AgencyName(random.Next(agencies)));
        await OpenLoopAsync(client, rate, TimeSpan.FromSeconds(2), () => $"/api/scorecards/{Agency()}");
        await OpenLoopAsync(client, rate, TimeSpan.FromSeconds(2), () => "/api/alerts");

        var baseline = await OpenLoopAsync(client, rate, duration, () => $"/bench/baseline/read/{random.Next(agencies)}");
        Log.Line($"reads: baseline {baseline.PerSecond:N0}/s p99 {baseline.Latencies.Percentile(99):N1} ms");
        var results = new List<Result>();
        foreach (var (name, path) in new (string, Func<string>)[] { ("scorecard of one agency", () => $"/api/scorecards/{Agency()}"), ("alerts", () => "/api/alerts") })
        {
            using var memory = new MemorySampler();
            var counts = await OpenLoopAsync(client, rate, duration, path);
            var p99 = counts.Latencies.Percentile(99);
            Log.Line($"reads: {name} {counts.PerSecond:N0}/s p50 {counts.Latencies.Percentile(50):N1} ms p99 {p99:N1} ms, {counts.Failed} failed");
            results.Add(new Result($"6. Reads: {name}", $"{agencies:N0} agencies at {rate}/s", agencies, counts.PerSecond, "requests/s",
                counts.Latencies.Percentile(50), p99, memory.PeakMb, baseline.PerSecond, "bare endpoint, one row by key",
                "p99 < 20 ms at 200/s", p99 < 20 && counts.Failed == 0 && counts.PerSecond >= rate * 0.95,
                $"baseline p99 {baseline.Latencies.Percentile(99):N1} ms; {counts.Failed} failed"));
        }

        // The whole list at this scale, once, for the record (not a target).
        var watch = Stopwatch.StartNew();
        using (var response = await client.GetAsync("/api/scorecards")) await response.Content.ReadAsByteArrayAsync();
        Log.Line($"reads: GET /api/scorecards (every agency) took {watch.ElapsedMilliseconds:N0} ms");
        return results;
    }

    private static async Task SeedBaselineReadsAsync(ServiceUnderTest service, int rows)
    {
        await using var connection = service.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var writer = await connection.BeginBinaryImportAsync($"copy {ServiceUnderTest.BaselineTable}_read (id, data) from stdin (format binary)");
        for (var i = 0; i < rows; i++)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(i, NpgsqlDbType.Integer);
            await writer.WriteAsync($$"""{"agencyId": "a{{i}}", "assigned": 10, "completedOnTime": 3, "openOverdue": 1}""", NpgsqlDbType.Jsonb);
        }
        await writer.CompleteAsync();
    }

    private static async Task<Counts> OpenLoopAsync(HttpClient client, int rate, TimeSpan duration, Func<string> path)
    {
        var latencies = new Latencies();
        long ok = 0, failed = 0;
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var total = (int)(duration.TotalSeconds * rate);
        var watch = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            var wait = due - watch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var url = path();
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await client.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.IsSuccessStatusCode) Interlocked.Increment(ref ok); else Interlocked.Increment(ref failed);
                }
                catch (Exception) { Interlocked.Increment(ref failed); }
                latencies.Add((watch.Elapsed - due).TotalMilliseconds);
            }));
        }
        await Task.WhenAll(inFlight);
        return new Counts(latencies, ok, failed, watch.Elapsed.TotalSeconds);
    }
}
