using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Accountability.Deadlines;
using Accountability.Plans;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Marten;

namespace Accountability.Benchmarks.Load;

/// <summary>
/// 7. The web app's heaviest pages, as a signed-in clerk's browser asks for them: the plans list ("Kế hoạch", 50 a
/// page with their four boxes) among many plans, and one plan's page with 500 assignments. Requests one at a time on
/// loopback, so the time is the server's (rendering included). Baseline: the bare one-row endpoint, the same way.
/// </summary>
public static partial class WebScenario
{
    public const int PageAssignments = 500;

    public static async Task<IReadOnlyList<Result>> RunAsync(ServiceUnderTest service, int plans, int requests)
    {
        await service.ResetAsync();
        service.Clock.Set(new DateTimeOffset(2026, 6, 20, 3, 0, 0, TimeSpan.Zero));
        var start = new DateOnly(2026, 1, 1);
        DateOnly? Due(int agency, int o) => start.AddDays(o * 182 + agency % 182);
        var agencies = plans * NationalData.AgenciesPerPlan;
        await NationalData.ImportAsync(service, plans, agencies, Due, 2);
        var planId = await ImportPageSizedPlanAsync(service, plans, agencies, Due);
        await SeedBaselineAsync(service);
        await service.AnalyzeAsync();
        Log.Line($"web: {plans + 1:N0} plans, {plans * NationalData.ObligationsPerPlan + PageAssignments:N0} assignments ready");

        using var client = await SignedInAsync(service);
        var rows = new List<Result>();
        var baseline = await TimeAsync(client, "/bench/baseline/read/1", requests);
        foreach (var (name, path, size) in new[]
        {
            ("plans list (Kế hoạch, 50 a page)", "/ke-hoach", $"{plans + 1:N0} plans"),
            ($"plan page ({PageAssignments} assignments)", $"/ke-hoach/{planId}", $"{PageAssignments} assignments"),
        })
        {
            await TimeAsync(client, path, 5); // warm: the first render compiles the page's code
            using var memory = new MemorySampler();
            var (latencies, perSecond) = await TimeAsync(client, path, requests);
            var p99 = latencies.Percentile(99);
            Log.Line($"web: {name} p50 {latencies.Percentile(50):N1} ms p99 {p99:N1} ms");
            rows.Add(new Result($"7. Web: {name}", size, plans + 1, perSecond, "pages/s", latencies.Percentile(50), p99, memory.PeakMb,
                baseline.PerSecond, "bare endpoint, one row by key", "p99 < 200 ms", p99 < 200,
                $"one request at a time, signed in; baseline p99 {baseline.Latencies.Percentile(99):N1} ms"));
        }
        return rows;
    }

    /// <summary>One plan of <see cref="PageAssignments"/> assignments (the first half of a generated plan), through the service's import.</summary>
    private static async Task<Guid> ImportPageSizedPlanAsync(ServiceUnderTest service, int p, int agencies, Func<int, int, DateOnly?> due)
    {
        var full = NationalData.Plan(p, agencies, due);
        var parsed = full with { Assignments = full.Assignments.Take(PageAssignments).ToList(), Document = full.Document with { Number = "500/KH-WEB" } };
        using var scope = service.Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
        await using var session = service.Store.LightweightSession();
        outbox.Enroll(session);
        var now = service.Clock.GetUtcNow();
        var committed = await PlanImporter.ImportAsync(session, parsed, "bench", now, default);
        await PlanImporter.ScheduleDeadlinesAsync(committed.Deadlines, outbox,
            new NoticeSchedule(service.Services.GetRequiredService<WorkingCalendarSource>().Current, service.Services.GetRequiredService<NotificationPolicy>()), now);
        await session.SaveChangesAsync();
        return committed.Result.PlanId;
    }

    private static async Task SeedBaselineAsync(ServiceUnderTest service)
    {
        await using var connection = service.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"insert into {ServiceUnderTest.BaselineTable}_read (id, data) values (1, '{{\"agencyId\": \"a1\"}}') on conflict do nothing", connection);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A browser-like client: signs in on /dang-nhap as the coordinating office and keeps the cookie.</summary>
    private static async Task<HttpClient> SignedInAsync(ServiceUnderTest service)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var form = await client.GetStringAsync("/dang-nhap");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var signIn = await client.PostAsync("/dang-nhap", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["_handler"] = "dang-nhap", ["role"] = "coordinator", ["agency"] = "",
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"bench: the development sign-in answered {signIn.StatusCode}");
        return client;
    }

    private static async Task<(Latencies Latencies, double PerSecond)> TimeAsync(HttpClient client, string path, int requests)
    {
        var latencies = new Latencies();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"bench: GET {path} answered {(int)response.StatusCode}");
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }
        return (latencies, requests / total.Elapsed.TotalSeconds);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
