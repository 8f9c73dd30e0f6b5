using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Accountability.Deadlines;
using Accountability.Security;
using Alba;
using Marten;
using Wolverine;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>The plan list, plans by number, the paged assignment list and the agency directory with its merge.</summary>
[Collection(ServiceCollection.Name)]
public sealed class PlanListAndDirectoryTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const string Number = "55/KH-UBND";
    private static readonly string Encoded = Uri.EscapeDataString(Number);
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> Import(string plan)
    {
        var response = await fixture.ImportAsync(PlanTexts.Text(plan));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Get(string url)
    {
        var response = await Client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static int Total(JsonElement page) => page.GetProperty("total").GetInt32();

    [Fact]
    public async Task A_plan_is_found_by_its_number_and_listed_with_its_boxes_and_every_plan_filter_takes_the_number()
    {
        var imported = await Import(PlanTexts.First);
        var planId = imported.GetProperty("planId").GetGuid();
        var ids = imported.GetProperty("assignments").EnumerateArray().Select(e => e.GetGuid()).ToList();

        var (byNumber, plan) = await Get($"/api/plans/{Encoded}");
        Assert.Equal(HttpStatusCode.OK, byNumber);
        Assert.Equal(planId, plan.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/api/plans/{Uri.EscapeDataString("56/KH-UBND")}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/plans/{Encoded}/assignments.csv")).StatusCode);

        // The clock stands at 24/11/2026: complete one duty on time; move the clock past 31/3/2027 so Tài chính's is overdue.
        var agency = fixture.ClientWith(fixture.Token(Roles.Agency, "so-y-te--quang-ngai"));
        Assert.Equal(HttpStatusCode.OK, (await agency.PostAsJsonAsync($"/api/assignments/{ids[0]}/complete", new { })).StatusCode);
        fixture.Clock.SetUtcNow(new DateTimeOffset(2027, 4, 10, 3, 0, 0, TimeSpan.Zero));

        var (listed, list) = await Get("/api/plans?q=55&year=2026&status=active");
        Assert.Equal(HttpStatusCode.OK, listed);
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal((Number, 1, 4), (item.GetProperty("number").GetString(), item.GetProperty("revision").GetInt32(), item.GetProperty("assignments").GetInt32()));
        var boxes = item.GetProperty("boxes");
        Assert.Equal((1, 0, 2, 1), (boxes.GetProperty("completedOnTime").GetInt32(), boxes.GetProperty("completedLate").GetInt32(),
            boxes.GetProperty("openInTime").GetInt32(), boxes.GetProperty("openOverdue").GetInt32()));
        Assert.Equal(0, Total((await Get("/api/plans?year=2025")).Body));
        Assert.Equal(0, Total((await Get("/api/plans?status=superseded")).Body));
        Assert.Equal(1, Total((await Get("/api/plans?issuer=quảng ngãi")).Body));
        var auditor = fixture.ClientWith(fixture.Token(Roles.Auditor));
        agency = fixture.ClientWith(fixture.Token(Roles.Agency, "so-y-te--quang-ngai")); // a token of today's clock
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/plans")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/plans/{Encoded}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agency.GetAsync("/api/plans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agency.GetAsync($"/api/plans/{planId}/history")).StatusCode);
        var (badStatus, problem) = await Get("/api/plans?status=open");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("active, superseded", problem.GetProperty("detail").GetString());

        // Assignments by plan number, by status (overdue, dueSoon), by words; paged.
        var (_, byPlan) = await Get($"/api/assignments?plan={Encoded}&limit=2&offset=1");
        Assert.Equal((4, 2, 1, 2), (Total(byPlan), byPlan.GetProperty("limit").GetInt32(), byPlan.GetProperty("offset").GetInt32(), byPlan.GetProperty("items").GetArrayLength()));
        var overdue = (await Get($"/api/assignments?plan={Encoded}&status=overdue")).Body;
        Assert.Equal(ids[2], Assert.Single(overdue.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        // Saturday 15/5/2027, 10:00: Nội vụ's due date is today, a day off, so it counts until Monday: due soon, not overdue.
        fixture.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 15, 3, 0, 0, TimeSpan.Zero));
        var soon = (await Get("/api/assignments?status=dueSoon")).Body;
        Assert.Equal(ids[3], Assert.Single(soon.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(1, Total((await Get("/api/assignments?q=Thi đua")).Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await Get("/api/assignments?status=late")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get("/api/assignments?limit=1001")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/api/assignments?plan={Uri.EscapeDataString("99/KH-UBND")}")).Status);

        // The alerts and the scorecards take the number too.
        var alerts = (await Get($"/api/alerts?plan={Encoded}")).Body;
        Assert.Equal(1, alerts.GetProperty("overdueTotal").GetInt32());
        var cards = (await Get($"/api/scorecards?plan={Encoded}")).Body;
        Assert.Equal(4, cards.GetProperty("all").GetProperty("assigned").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/api/scorecards?plan={Uri.EscapeDataString("99/KH-UBND")}")).Status);
    }

    [Fact]
    public async Task The_directory_is_kept_by_the_office_and_a_merge_moves_every_assignment_with_its_history()
    {
        // A duplicate spelling the office once accepted as new.
        var draftResponse = await Client.PostAsync("/api/plans/drafts", PlanTexts.Text(PlanTexts.First));
        var draft = await draftResponse.Content.ReadFromJsonAsync<JsonElement>();
        var draftUrl = $"/api/plans/drafts/{draft.GetProperty("draftId").GetGuid()}";
        var health = draft.GetProperty("assignments")[0];
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync($"{draftUrl}/assignments/{health.GetProperty("key").GetString()}",
            new { agency = "Sở Y tế Q.Ngãi", role = "lead", task = health.GetProperty("task").GetString(), due = "2027-06-30", newAgency = true })).StatusCode);
        HttpResponseMessage? confirmed = null;
        await fixture.TrackAsync(async () => confirmed = await Client.PostAsync($"{draftUrl}/confirm", null), 60_000);
        var duplicateDuty = (await confirmed!.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
        var other = (await Import(PlanTexts.Amended.Replace("55/KH-UBND", "56/KH-UBND"))).GetProperty("assignments")[0].GetGuid(); // Sở Y tế's
        const string duplicate = "so-y-te-q-ngai--quang-ngai";
        Assert.Equal(duplicate, (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{duplicateDuty}")).GetProperty("agencyId").GetString());
        var done = await fixture.ClientWith(fixture.Token(Roles.Agency, duplicate)).PostAsJsonAsync($"/api/assignments/{duplicateDuty}/complete", new { evidence = "Báo cáo số 1" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);

        // The office's fields, partially updated, each checked.
        var put = await Client.PutAsJsonAsync("/api/agencies/so-y-te--quang-ngai", new { province = "Quảng Ngãi", emails = new[] { "VanThu@SYT.QuangNgai.gov.vn", "vanthu@syt.quangngai.gov.vn" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var entry = await Client.GetFromJsonAsync<JsonElement>("/api/agencies/so-y-te--quang-ngai");
        Assert.Equal(("Sở Y tế", "Department"), (entry.GetProperty("name").GetString(), entry.GetProperty("kind").GetString()));
        Assert.Equal(["vanthu@syt.quangngai.gov.vn"], entry.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("province").GetString()));
        foreach (var (body, field) in new (object, string)[]
        {
            (new { emails = new[] { "not an address" } }, "emails"), (new { kind = "ministry-ish" }, "kind"), (new { parentId = "so-y-te--quang-ngai" }, "parentId"),
            (new { province = "Atlantis" }, "province"), (new { name = "Sở\u0000Y tế" }, "name"),
        })
        {
            var refused = await Client.PutAsJsonAsync("/api/agencies/so-y-te--quang-ngai", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PutAsJsonAsync("/api/agencies/no-such-agency", new { name = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.ClientWith(fixture.Token(Roles.Agency, "so-y-te--quang-ngai")).PutAsJsonAsync("/api/agencies/so-y-te--quang-ngai", new { name = "X" })).StatusCode);

        // The merge: the duplicate's duties (a completed one too) move with a reassignment each, and keep their state.
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsJsonAsync($"/api/agencies/{duplicate}/merge", new { into = duplicate })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsJsonAsync($"/api/agencies/{duplicate}/merge", new { into = "no-such-agency" })).StatusCode);
        var merge = await Client.PostAsJsonAsync($"/api/agencies/{duplicate}/merge", new { into = "so-y-te--quang-ngai" });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var merged = await merge.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([duplicateDuty], merged.GetProperty("moved").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Contains("Sở Y tế Q.Ngãi", merged.GetProperty("agency").GetProperty("aliases").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync($"/api/agencies/{duplicate}/merge", new { into = "so-y-te--quang-ngai" })).StatusCode);

        var duty = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{duplicateDuty}");
        Assert.Equal(("so-y-te--quang-ngai", "completed"), (duty.GetProperty("agencyId").GetString(), duty.GetProperty("status").GetString()));
        var history = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{duplicateDuty}/history")).EnumerateArray().ToList();
        Assert.Equal(["assignment-issued", "assignment-completed", "assignment-reassigned"], history.Select(e => e.GetProperty("type").GetString()));
        Assert.True(history[2].GetProperty("data").GetProperty("agencyMerged").GetBoolean());
        // The stored assignment follows its stream after the merge: the audit finds nothing to report.
        var audit = await Client.GetFromJsonAsync<JsonElement>($"/api/audit/verify?stream={duplicateDuty}");
        Assert.True(audit.GetProperty("ok").GetBoolean(), audit.GetRawText());
        Assert.Equal(duplicate, history[2].GetProperty("data").GetProperty("fromAgencyId").GetString());
        var card = await Client.GetFromJsonAsync<JsonElement>("/api/scorecards/so-y-te--quang-ngai");
        Assert.Equal(2, card.GetProperty("total").GetProperty("assigned").GetInt32());
        Assert.Equal(1, card.GetProperty("total").GetProperty("completedOnTime").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/scorecards/{duplicate}")).StatusCode);
        // Completed work has no alert, merged or not: as written, and as rebuilt from the events.
        var store = fixture.Host.Services.GetRequiredService<IDocumentStore>();
        for (var rebuilt = 0; rebuilt < 2; rebuilt++)
        {
            if (rebuilt == 1)
            {
                using var daemon = await store.BuildProjectionDaemonAsync();
                await daemon.RebuildProjectionAsync<DeadlineAlertProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
            }
            await using var query = store.QuerySession();
            Assert.Null(await query.LoadAsync<DeadlineAlert>(duplicateDuty));
            Assert.Equal("so-y-te--quang-ngai", (await query.LoadAsync<DeadlineAlert>(other))!.AgencyId);
            Assert.Equal(7, await query.Query<DeadlineAlert>().CountAsync()); // the open duties of both plans, and nothing of the plans' own streams
        }
        Assert.Equal("so-y-te--quang-ngai", (await Client.GetFromJsonAsync<JsonElement>($"/api/agencies/{duplicate}")).GetProperty("mergedInto").GetString());

        // Later, the spelling leads to the agency it was merged into.
        var next = await (await Client.PostAsync("/api/plans/drafts", PlanTexts.Text(PlanTexts.First.Replace("55/KH-UBND", "57/KH-UBND")))).Content.ReadFromJsonAsync<JsonElement>();
        var row = next.GetProperty("assignments")[0];
        var renamed = await Client.PutAsJsonAsync($"/api/plans/drafts/{next.GetProperty("draftId").GetGuid()}/assignments/{row.GetProperty("key").GetString()}",
            new { agency = "Sở Y tế Q.Ngãi", role = "lead", task = "Kiểm tra.", due = "2027-06-30" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("so-y-te--quang-ngai", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetProperty("agencyId").GetString());
    }
}
