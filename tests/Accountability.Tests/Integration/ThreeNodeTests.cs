using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using static Accountability.Tests.Integration.ProcessCallers;

namespace Accountability.Tests.Integration;

/// <summary>
/// Three service processes on one PostgreSQL in Wolverine's balanced mode, as a province runs them behind a load
/// balancer: two of them started together after an upgrade, imports and commands spread over the three, one killed
/// with SIGKILL in the middle. Every obligation is marked once, every notice delivered once, every read model built once.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class ThreeNodeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly ProcessCallers _callers = new();
    private const string PublicUrl = "https://accountability.example.gov.vn";

    private static string WithoutMoment(string scorecards)
    {
        var book = System.Text.Json.Nodes.JsonNode.Parse(scorecards)!.AsObject();
        book.Remove("asOf");
        return book.ToJsonString();
    }

    [Fact]
    public async Task Three_nodes_one_killed_midway_mark_each_obligation_once_deliver_each_notice_once_and_build_each_read_model_once()
    {
        var watch = Stopwatch.StartNew();
        var database = await ServiceProcess.FreshDatabaseAsync("accountability_cluster");
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0);
        // Node failures noticed within seconds (the defaults take a minute), webhook retries soon after a crash.
        var settings = _callers.Settings(new()
        {
            ["Wolverine__HealthCheckPollingTime"] = "00:00:01", ["Wolverine__StaleNodeTimeout"] = "00:00:05",
            ["Notifications__PublicUrl"] = PublicUrl,
            ["Notifications__WebhookBackoff__0"] = "00:00:00.5", ["Notifications__WebhookBackoff__1"] = "00:00:01",
            ["Logging__LogLevel__Accountability.Infrastructure.ProjectionUpgrades"] = "Information",
        });

        // The first node, alone on the new database: a plan and an acknowledgement.
        var first = await ServiceProcess.StartAsync(database, _callers.KeyText, settings);
        var nodes = new List<ServiceProcess> { first };
        string before;
        try
        {
            var seed = first.Client(_callers.Coordinator());
            var ids = await ImportAsync(seed, Plan(600, "15/12/2099", "20/12/2099", "25/12/2099"));
            var agency = (await Json(seed, $"/api/assignments/{ids[0]}")).GetProperty("agencyId").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await first.Client(_callers.Agency(agency)).PostAsJsonAsync($"/api/assignments/{ids[0]}/acknowledge", new { })).StatusCode);
            before = WithoutMoment(await seed.GetStringAsync("/api/scorecards"));
            // An upgrade changes two projections: their read models and their "built" marks are gone, and the
            // two other nodes start together on the new version.
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await new NpgsqlCommand("""
                    delete from accountability.mt_doc_projectionbuilt where id like 'DeadlineAlertProjection:%' or id like 'ScorecardEntry:%';
                    delete from accountability.mt_doc_deadlinealert; delete from accountability.mt_doc_scorecardentry;
                    """, connection).ExecuteNonQueryAsync();
            }
            output.WriteLine($"{watch.Elapsed.TotalSeconds:0}s first node up and seeded");
            var starting = Enumerable.Range(0, 2).Select(_ => ServiceProcess.StartAsync(database, _callers.KeyText, settings)).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) nodes.Add(await started);
            }
        }
        catch
        {
            foreach (var node in nodes) await node.DisposeAsync();
            throw;
        }
        try
        {
            output.WriteLine($"{watch.Elapsed.TotalSeconds:0}s three nodes up");
            // Each changed read model was built once, by one of the two nodes that started together, and holds what it held before.
            foreach (var projection in new[] { "DeadlineAlertProjection", "ScorecardEntry" })
                Assert.Equal(1, nodes.Sum(n => n.Log.Split('\n').Count(l => l.Contains($"Building {projection}"))));
            var office = nodes.Select(n => n.Client(_callers.Coordinator())).ToList();
            Assert.Equal(before, WithoutMoment(await office[1].GetStringAsync("/api/scorecards")));
            Assert.Equal(HttpStatusCode.OK, (await office[0].PutAsJsonAsync("/api/agencies/coordinating-office/webhook", new { url = receiver.Url })).StatusCode);

            // Six plans whose deadlines have passed, each imported on another node, and an acknowledgement for each
            // sent to yet another; the third node is killed right after its first import, with that import's
            // deadline checks and deliveries in flight.
            var late = new List<Guid>();
            var alive = new List<int> { 0, 1, 2 };
            for (var plan = 0; plan < 6; plan++)
            {
                var on = alive[plan % alive.Count];
                var ids = await ImportAsync(office[on], Plan(610 + plan, "15/11/2021", "20/11/2021", "25/11/2021"));
                late.AddRange(ids);
                if (on == 2)
                {
                    nodes[2].Kill();
                    alive.Remove(2);
                    output.WriteLine($"{watch.Elapsed.TotalSeconds:0}s node 3 killed after plan {plan}");
                }
                var other = alive[(plan + 1) % alive.Count];
                var agency = (await Json(office[other], $"/api/assignments/{ids[0]}")).GetProperty("agencyId").GetString()!;
                Assert.Equal(HttpStatusCode.OK, (await nodes[other].Client(_callers.Agency(agency)).PostAsJsonAsync($"/api/assignments/{ids[0]}/acknowledge", new { })).StatusCode);
            }

            // Every obligation marked overdue once (the killed node's checks recovered by the others).
            var survivor = office[0];
            await ServiceFixture.EventuallyAsync(
                async () => (await Json(survivor, "/api/assignments?limit=1000")).GetProperty("items").EnumerateArray().Count(a => a.GetProperty("overdueMarkedFor").ValueKind == JsonValueKind.String),
                marked => marked == late.Count, "every passed deadline marked overdue", 90_000);
            foreach (var id in late)
            {
                var history = (await Json(office[1], $"/api/assignments/{id}/history")).EnumerateArray();
                Assert.Equal(1, history.Count(e => e.GetProperty("type").GetString() == "assignment-marked-overdue"));
            }
            output.WriteLine($"{watch.Elapsed.TotalSeconds:0}s every deadline marked");

            // Every notice once: an overdue notice to the agency and an escalation to the office for each, and every
            // escalation delivered to the office's webhook under its own key, linking to the assignment.
            var escalations = await ServiceFixture.EventuallyAsync(
                async () => (await Json(survivor, "/api/notifications?recipient=coordinating-office")).EnumerateArray().ToList(),
                // A notice read between its issue and its first delivery attempt has no delivery yet: not delivered, not an error.
                list => list.Count == late.Count && list.All(n => n.GetProperty("delivery") is { ValueKind: JsonValueKind.Object } d && d.GetProperty("status").GetString() == "delivered"),
                "every escalation delivered", 90_000);
            Assert.Equal(2 * late.Count, (await Json(survivor, "/api/notifications")).GetArrayLength());
            Assert.Equal(escalations.Select(n => n.GetProperty("id").GetString()).Order(), receiver.Requests.Select(r => r.IdempotencyKey).Distinct().Order());
            Assert.All(receiver.Requests, r => Assert.StartsWith(PublicUrl + "/api/assignments/", JsonDocument.Parse(r.Body).RootElement.GetProperty("link").GetString()));
            output.WriteLine($"{watch.Elapsed.TotalSeconds:0}s every notice delivered ({receiver.Requests.Count} requests for {escalations.Count} escalations)");

            // Every read model caught up once: the scorecards the nodes keep are those folded from the events, and the chain holds.
            var asOf = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"));
            var kept = WithoutMoment(await survivor.GetStringAsync("/api/scorecards"));
            Assert.Equal(kept, WithoutMoment(await survivor.GetStringAsync($"/api/scorecards?asOf={asOf}")));
            Assert.Equal(kept, WithoutMoment(await office[1].GetStringAsync("/api/scorecards")));
            Assert.True((await Json(office[1], "/api/audit/verify")).GetProperty("ok").GetBoolean());
            output.WriteLine($"{watch.Elapsed.TotalSeconds:0}s done");
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }
}
