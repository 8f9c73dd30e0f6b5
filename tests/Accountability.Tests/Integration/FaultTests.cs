using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accountability.Security;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Accountability.Tests.Integration;

/// <summary>
/// The service as real processes on a database of their own: killed with SIGKILL in the middle of an import and
/// of a webhook delivery, and two instances sharing one database.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class FaultTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32));
    private string KeyText => Convert.ToBase64String(_key.Key);
    private string Coordinator => Authentication.IssueDevelopmentToken(_key, Roles.Coordinator, null, "coordinator", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
    private string AgencyToken(string agency) => Authentication.IssueDevelopmentToken(_key, Roles.Agency, agency, agency, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    // Short waits between webhook attempts, so a retry after a crash comes within the test.
    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["Notifications__WebhookBackoff__0"] = "00:00:00.5", ["Notifications__WebhookBackoff__1"] = "00:00:01",
        ["Notifications__WebhookTimeout"] = "00:00:10",
    };

    private const string OverduePlan = """
        ỦY BAN NHÂN DÂN TỈNH THANH HÓA
        Số: 95/KH-UBND
        Thanh Hóa, ngày 01 tháng 10 năm 2021
        KẾ HOẠCH
        Thực hiện Chương trình phòng, chống mại dâm năm 2021
        I. PHÂN CÔNG NHIỆM VỤ
        1. Sở Nội vụ xây dựng kế hoạch, gửi Sở Lao động - Thương binh và Xã hội trước ngày 15/11/2021.
        2. Sở Tư pháp tuyên truyền pháp luật, hoàn thành trước ngày 20/11/2021.
        3. Sở Y tế tổ chức khám, chữa bệnh, hoàn thành trước ngày 25/11/2021.
        """;

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    private static async Task<JsonElement> Json(HttpClient client, string path) => await client.GetFromJsonAsync<JsonElement>(path);

    [Fact]
    public async Task A_service_killed_during_an_import_leaves_the_plan_whole_or_absent_and_keeps_what_it_accepted()
    {
        var seed = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Seeds", "quang-ninh-206-KH-UBND.txt"));
        foreach (var killAfter in new[] { 500, 900, 1300 })
        {
            var database = await ServiceProcess.FreshDatabaseAsync("accountability_faults");
            await using var first = await ServiceProcess.StartAsync(database, KeyText, new() { ["Wolverine__Durability"] = "Solo" });
            // An accepted command before the crash must survive it.
            var small = await first.Client(Coordinator).PostAsync("/api/plans", Text(OverduePlan));
            Assert.Equal(HttpStatusCode.Created, small.StatusCode);
            var accepted = (await small.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
            var agency = (await Json(first.Client(Coordinator), $"/api/assignments/{accepted}")).GetProperty("agencyId").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await first.Client(AgencyToken(agency)).PostAsJsonAsync($"/api/assignments/{accepted}/acknowledge", new { })).StatusCode);

            // Kill times spread across the import (about a second on this machine: parse, 262 streams, commit).
            var content = new ByteArrayContent(seed);
            content.Headers.ContentType = new("text/plain") { CharSet = "utf-8" };
            var import = first.Client(Coordinator).PostAsync("/api/plans", content);
            await Task.Delay(killAfter);
            first.Kill();
            var answered = await import.ContinueWith(t => t.IsCompletedSuccessfully && t.Result.StatusCode == HttpStatusCode.Created);

            await using var second = await ServiceProcess.StartAsync(database, KeyText, new() { ["Wolverine__Durability"] = "Solo" });
            var client = second.Client(Coordinator);
            var smallPlan = (await Json(client, $"/api/assignments/{accepted}")).GetProperty("planId").GetGuid();
            var fromSeed = (await Json(client, "/api/assignments?limit=1000")).GetProperty("items").EnumerateArray().Count(a => a.GetProperty("planId").GetGuid() != smallPlan);
            Assert.True((await Json(client, $"/api/assignments/{accepted}")).GetProperty("acknowledged").GetBoolean(), "the acknowledgement accepted before the crash was lost");

            // Importing again finishes the job (or finds it done): the plan then has all its assignments, once.
            var again = await client.PostAsync("/api/plans", content);
            var result = await again.Content.ReadFromJsonAsync<JsonElement>();
            var expected = result.GetProperty("assignments").GetArrayLength();
            Assert.Equal(SeedReadings.Assignments("quang-ninh-206-KH-UBND.txt"), expected);
            if (answered) Assert.Equal(HttpStatusCode.OK, again.StatusCode); // it was accepted, so it is there
            output.WriteLine($"killed {killAfter} ms into the import: answered {answered}, {fromSeed} of {expected} assignments there after restart");
            Assert.True(fromSeed == 0 || fromSeed == expected, $"killed after {killAfter} ms: {fromSeed} of {expected} assignments were left behind");
            var after = (await Json(client, "/api/assignments")).GetProperty("total").GetInt32();
            Assert.Equal(3 + expected, after);
        }
    }

    /// <summary>The notice's webhook delivery is recorded as delivered (null until its first outcome is recorded).</summary>
    private static bool Delivered(JsonElement notice) =>
        notice.GetProperty("delivery") is { ValueKind: JsonValueKind.Object } d && d.GetProperty("status").GetString() == "delivered";

    [Fact]
    public async Task A_service_killed_during_a_webhook_delivery_delivers_every_notice_once_after_restart()
    {
        var database = await ServiceProcess.FreshDatabaseAsync("accountability_faults");
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0, holdFirstFor: TimeSpan.FromSeconds(5));
        var settings = new Dictionary<string, string>(FastRetries) { ["Wolverine__Durability"] = "Solo" };
        await using var first = await ServiceProcess.StartAsync(database, KeyText, settings);
        Assert.Equal(HttpStatusCode.OK, (await first.Client(Coordinator).PutAsJsonAsync("/api/agencies/coordinating-office/webhook", new { url = receiver.Url })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await first.Client(Coordinator).PostAsync("/api/plans", Text(OverduePlan))).StatusCode);
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), n => n >= 1, "the first delivery to arrive", 30_000);
        first.Kill(); // while the receiver still holds the first delivery open

        await using var second = await ServiceProcess.StartAsync(database, KeyText, settings);
        var notices = await ServiceFixture.EventuallyAsync(
            async () => (await Json(second.Client(Coordinator), "/api/notifications?recipient=coordinating-office")).EnumerateArray().ToList(),
            list => list.Count == 3 && list.All(Delivered),
            "every escalation delivered after the restart", 90_000);

        // Three notices, three keys; the one cut off by the crash was sent again under its own key, and the
        // receiver applied each key once.
        var keys = receiver.Requests.Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(notices.Select(n => n.GetProperty("id").GetString()).Order(), keys.Distinct().Order());
        Assert.True(keys.Count >= 3);
    }

    [Fact]
    public async Task Two_instances_on_one_database_deliver_each_notice_once_and_mark_each_deadline_once()
    {
        var database = await ServiceProcess.FreshDatabaseAsync("accountability_faults");
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0);
        await using var one = await ServiceProcess.StartAsync(database, KeyText, FastRetries);
        await using var two = await ServiceProcess.StartAsync(database, KeyText, FastRetries);
        Assert.Equal(HttpStatusCode.OK, (await one.Client(Coordinator).PutAsJsonAsync("/api/agencies/coordinating-office/webhook", new { url = receiver.Url })).StatusCode);
        var imported = await two.Client(Coordinator).PostAsync("/api/plans", Text(OverduePlan));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var ids = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToList();

        await ServiceFixture.EventuallyAsync(
            async () => (await Json(one.Client(Coordinator), "/api/notifications?recipient=coordinating-office")).EnumerateArray().ToList(),
            list => list.Count == 3 && list.All(Delivered),
            "every escalation delivered", 90_000);
        await Task.Delay(1500); // room for a second sender, if there were one
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(3, receiver.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
        foreach (var id in ids)
        {
            var history = (await Json(two.Client(Coordinator), $"/api/assignments/{id}/history")).EnumerateArray();
            Assert.Equal(1, history.Count(e => e.GetProperty("type").GetString() == "assignment-marked-overdue"));
        }
        Assert.Equal(6, (await Json(one.Client(Coordinator), "/api/notifications")).GetArrayLength()); // 3 overdue + 3 escalations
        Assert.True((await Json(two.Client(Coordinator), "/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    /// <summary>A plan of many duties whose deadline passed long ago: their deadline checks all come due at the import.</summary>
    private static StringContent StormPlan(int duties)
    {
        var plan = new StringBuilder("ỦY BAN NHÂN DÂN TỈNH THANH HÓA\nSố: 96/KH-UBND\nThanh Hóa, ngày 01 tháng 10 năm 2021\nKẾ HOẠCH\nKiểm tra công trình năm 2021\nI. PHÂN CÔNG NHIỆM VỤ\n");
        for (var i = 1; i <= duties; i++)
            plan.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i}. Sở Y tế kiểm tra cơ sở số {i}, hoàn thành trước ngày 15/11/2021.\n");
        return Text(plan.ToString());
    }

    /// <summary>Marks, overdue notices and escalations written so far, and how many marks, notices or inbox entries are doubled.</summary>
    private static async Task<(long Marked, long Noticed, long Escalated, long Doubled)> StormCountsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select (select count(*) from accountability.mt_events where type = 'assignment_marked_overdue'),
                   (select count(*) from accountability.mt_doc_notice where data ->> 'Kind' = 'overdue'),
                   (select count(*) from accountability.mt_doc_notice where data ->> 'Kind' = 'escalation'),
                   (select count(*) from (select stream_id from accountability.mt_events where type = 'assignment_marked_overdue' group by 1 having count(*) > 1) m)
                 + (select count(*) from (select data ->> 'NoticeId' from accountability.mt_events where type = 'notice_issued' group by 1 having count(*) > 1) n)
                 + (select count(*) from (select data ->> 'AssignmentId', data ->> 'Kind' from accountability.mt_doc_notice group by 1, 2 having count(*) > 1) d)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    [Fact]
    public async Task A_node_killed_halfway_through_a_batched_deadline_storm_leaves_no_obligation_missed_and_no_notice_doubled()
    {
        const int duties = 1500;
        var database = await ServiceProcess.FreshDatabaseAsync("accountability_faults");
        // Node failures noticed within seconds (the defaults take a minute), so the survivor takes over the dead node's checks.
        var settings = new Dictionary<string, string> { ["Wolverine__HealthCheckPollingTime"] = "00:00:01", ["Wolverine__StaleNodeTimeout"] = "00:00:05" };
        await using var one = await ServiceProcess.StartAsync(database, KeyText, settings);
        await using var two = await ServiceProcess.StartAsync(database, KeyText, settings);
        // The import's checks are sent from, and run on, the node that imported: node one.
        Assert.Equal(HttpStatusCode.Created, (await one.Client(Coordinator).PostAsync("/api/plans", StormPlan(duties))).StatusCode);

        var atKill = await ServiceFixture.EventuallyAsync(() => StormCountsAsync(database), c => c.Marked > 0, "the first batch of checks to commit", 60_000);
        one.Kill();
        output.WriteLine($"node one killed with {atKill.Marked} of {duties} marked, {atKill.Noticed} overdue notices");
        Assert.True(atKill.Marked < duties, "the storm was over before the kill; the test needs more duties");

        await ServiceFixture.EventuallyAsync(() => StormCountsAsync(database), c => c.Marked >= duties && c.Noticed >= duties && c.Escalated >= duties,
            "node two to finish the storm", 180_000);
        await Task.Delay(2000); // room for a doubled batch, if there were one
        var after = await StormCountsAsync(database);
        output.WriteLine($"after: {after.Marked} marked, {after.Noticed} overdue notices, {after.Escalated} escalations, {after.Doubled} doubled");
        Assert.Equal((duties, duties, duties, 0L), (after.Marked, after.Noticed, after.Escalated, after.Doubled)); // one of each per obligation
        Assert.True((await Json(two.Client(Coordinator), "/api/audit/verify")).GetProperty("ok").GetBoolean());
    }
}
