using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Plans;
using Accountability.Security;
using Alba;
using Marten;
using Wolverine;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>Small plans the reader reads the same way every time: a first version and an amended one.</summary>
internal static class PlanTexts
{
    private const string Header = """
        ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI
        Số: 55/KH-UBND
        Quảng Ngãi, ngày 10 tháng 3 năm 2026
        KẾ HOẠCH
        Phòng, chống tệ nạn xã hội năm 2026
        III. TỔ CHỨC THỰC HIỆN

        """;

    public const string Health = "Sở Y tế chủ trì tổ chức kiểm tra các cơ sở kinh doanh dịch vụ";
    public const string Law = "chủ trì tuyên truyền, phổ biến pháp luật về phòng, chống mại dâm, hoàn thành trước ngày 30/9/2027.";
    public const string Merits = "Sở Nội vụ chủ trì tổng hợp kết quả thi đua, khen thưởng, hoàn thành trước ngày 15/5/2027.";

    /// <summary>Four duties: Y tế, Tư pháp, Tài chính, Nội vụ.</summary>
    public static readonly string First = Header + $"""
        1. {Health}, hoàn thành trước ngày 30/6/2027.
        2. Sở Tư pháp {Law}
        3. Sở Tài chính chủ trì bố trí kinh phí thực hiện Kế hoạch, hoàn thành trước ngày 31/3/2027.
        4. {Merits}
        """;

    /// <summary>Amended: Y tế a month later, Tư pháp's duty given to Giáo dục, Tài chính's gone, Nội vụ renumbered, Công Thương new.</summary>
    public static readonly string Amended = Header + $"""
        1. {Health}, hoàn thành trước ngày 31/7/2027.
        2. Sở Giáo dục và Đào tạo {Law}
        3. {Merits}
        4. Sở Công Thương chủ trì kiểm tra, kiểm soát thị trường, hoàn thành trước ngày 31/10/2027.
        """;

    public static StringContent Text(string plan) => new(plan, Encoding.UTF8, "text/plain");
}

/// <summary>Drafts (read, correct, confirm) and revisions of an issued plan, over the real host and PostgreSQL.</summary>
[Collection(ServiceCollection.Name)]
public sealed class DraftAndRevisionTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string url, object? body = null) =>
        await Read(await Client.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) }));

    /// <summary>Sends and waits for what the request set in motion (deadline checks), so nothing spills into the next test.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> Tracked(Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        HttpResponseMessage? response = null;
        await fixture.TrackAsync(async () => response = await send(Client), 60_000);
        return await Read(response!);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> Import(string plan) => Tracked(c => c.PostAsync("/api/plans", PlanTexts.Text(plan)));

    private async Task<JsonElement> Assignment(Guid id) => await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}");

    private static IReadOnlyList<Guid> Ids(JsonElement body, string name) => body.GetProperty(name).EnumerateArray().Select(e => e.GetGuid()).ToList();

    private static JsonElement RowOf(JsonElement draft, string agency) =>
        draft.GetProperty("assignments").EnumerateArray().Single(r => r.GetProperty("agency").GetString() == agency);

    private IDocumentStore Store => fixture.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task A_draft_is_corrected_row_by_row_then_confirmed_and_the_plan_history_keeps_the_reading_apart_from_the_corrections()
    {
        var (created, draft) = await Read(await Client.PostAsync("/api/plans/drafts", PlanTexts.Text(PlanTexts.First)));
        Assert.Equal(HttpStatusCode.Created, created);
        var id = draft.GetProperty("draftId").GetGuid();
        var rows = draft.GetProperty("assignments").EnumerateArray().ToList();
        Assert.Equal(["Sở Y tế", "Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ"], rows.Select(r => r.GetProperty("agency").GetString()));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Array, r.GetProperty("checks").ValueKind));
        Assert.Equal(JsonValueKind.Array, draft.GetProperty("unread").ValueKind);
        Assert.False(draft.GetProperty("plan").GetProperty("exists").GetBoolean());
        Assert.Equal(1, draft.GetProperty("version").GetInt32());
        // Nothing is issued by a draft.
        await using (var query = Store.QuerySession())
        {
            Assert.Equal(0, await query.Query<Plan>().CountAsync());
            Assert.False(await query.Events.QueryAllRawEvents().AnyAsync());
        }

        var law = RowOf(draft, "Sở Tư pháp").GetProperty("key").GetString();
        var finance = RowOf(draft, "Sở Tài chính").GetProperty("key").GetString();
        var url = $"/api/plans/drafts/{id}";
        // The wrong agency read: the clerk names the right one (any spelling the directory or the gazetteer knows) and a later date.
        var (put, afterPut) = await Send(HttpMethod.Put, $"{url}/assignments/{law}",
            new { agency = "Sở Xây dựng", role = "lead", task = "Tuyên truyền, phổ biến pháp luật về phòng, chống mại dâm.", due = "2027-10-15", expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, put);
        Assert.Equal(2, afterPut.GetProperty("version").GetInt32());
        var corrected = RowOf(afterPut, "Sở Xây dựng");
        Assert.Equal(("so-xay-dung--quang-ngai", "2027-10-15"), (corrected.GetProperty("agencyId").GetString(), corrected.GetProperty("due").GetString()));

        // An edit on the version before is refused with the current one.
        var (stale, staleProblem) = await Send(HttpMethod.Put, $"{url}/assignments/{law}", new { agency = "Sở Tư pháp", role = "lead", task = "x", expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Equal(2, staleProblem.GetProperty("currentVersion").GetInt32());

        // Bad input names the field; an unknown key is a 404.
        var (badDate, dateProblem) = await Send(HttpMethod.Put, $"{url}/assignments/{law}", new { agency = "Sở Xây dựng", role = "lead", task = "x", due = "2027-02-30" });
        Assert.Equal((HttpStatusCode.BadRequest, "due"), (badDate, dateProblem.GetProperty("field").GetString()));
        var (badRole, roleProblem) = await Send(HttpMethod.Put, $"{url}/assignments/{law}", new { agency = "Sở Xây dựng", role = "boss", task = "x" });
        Assert.Equal((HttpStatusCode.BadRequest, "role"), (badRole, roleProblem.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Put, $"{url}/assignments/no-such-key", new { agency = "Sở Xây dựng", role = "lead", task = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Delete, $"{url}/assignments/no-such-key")).Status);

        // A row the reader missed: an agency nobody knows needs newAgency.
        var missed = new { agency = "Trung tâm Phòng chống HIV/AIDS Quảng Ngãi", role = "lead", task = "Tư vấn, xét nghiệm tự nguyện.", due = "2027-12-01" };
        var (unknownAgency, agencyProblem) = await Send(HttpMethod.Post, $"{url}/assignments", missed);
        Assert.Equal((HttpStatusCode.BadRequest, "agency"), (unknownAgency, agencyProblem.GetProperty("field").GetString()));
        var (addedStatus, added) = await Send(HttpMethod.Post, $"{url}/assignments", new { missed.agency, missed.role, missed.task, missed.due, newAgency = true });
        Assert.Equal(HttpStatusCode.Created, addedStatus);
        Assert.Equal("office-1", added.GetProperty("key").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Delete, $"{url}/assignments/{finance}")).Status);
        var (doc, afterDoc) = await Send(HttpMethod.Put, $"{url}/document", new { title = "Phòng, chống tệ nạn xã hội và mại dâm năm 2026" });
        Assert.Equal(HttpStatusCode.OK, doc);
        Assert.Equal(5, afterDoc.GetProperty("version").GetInt32());
        Assert.Equal(4, afterDoc.GetProperty("corrections").GetArrayLength());

        // A draft is kept in PostgreSQL: it outlives a restart.
        await fixture.RestartAsync();
        var list = await Client.GetFromJsonAsync<JsonElement>("/api/plans/drafts");
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("draftId").GetGuid());

        var (confirmed, result) = await Tracked(c => c.PostAsync($"{url}/confirm", null));
        Assert.Equal(HttpStatusCode.Created, confirmed);
        var planId = result.GetProperty("planId").GetGuid();
        var issued = Ids(result, "assignments");
        Assert.Equal(4, issued.Count);
        var agencies = new List<string?>();
        foreach (var a in issued) agencies.Add((await Assignment(a)).GetProperty("agencyId").GetString());
        Assert.Equal(["so-y-te--quang-ngai", "so-xay-dung--quang-ngai", "so-noi-vu--quang-ngai", "trung-tam-phong-chong-hiv-aids-quang-ngai--quang-ngai"], agencies);
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, $"{url}/confirm")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Delete, $"{url}/assignments/office-1")).Status);
        Assert.Empty((await Client.GetFromJsonAsync<JsonElement>("/api/plans/drafts")).GetProperty("items").EnumerateArray());
        Assert.Equal("Trung tâm Phòng chống HIV/AIDS Quảng Ngãi",
            (await Client.GetFromJsonAsync<JsonElement>("/api/agencies/trung-tam-phong-chong-hiv-aids-quang-ngai--quang-ngai")).GetProperty("name").GetString());

        // The plan's history: the reader's rows as read, then each decision of the office with who and when, then the issue.
        var history = (await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}/history")).EnumerateArray().ToList();
        Assert.Equal(["plan-read", "plan-row-corrected", "plan-row-added", "plan-row-dropped", "plan-document-corrected", "plan-imported"],
            history.Select(e => e.GetProperty("type").GetString()));
        var reading = history[0].GetProperty("data");
        Assert.Equal(["Sở Y tế", "Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ"],
            reading.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("agency").GetString()));
        var correction = history[1];
        Assert.Equal("coordinator", correction.GetProperty("actor").GetString());
        Assert.Equal(law, correction.GetProperty("data").GetProperty("key").GetString());
        var changes = correction.GetProperty("data").GetProperty("changes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("field").GetString()!, c => (c.GetProperty("before").GetString(), c.GetProperty("after").GetString()));
        Assert.Equal(("Sở Tư pháp", "Sở Xây dựng"), changes["agency"]);
        Assert.Equal(("2027-09-30", "2027-10-15"), changes["due"]);
        Assert.Equal(finance, history[3].GetProperty("data").GetProperty("key").GetString());
        Assert.Equal("Phòng, chống tệ nạn xã hội và mại dâm năm 2026", (await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Two_edits_racing_on_one_version_store_one_and_refuse_the_other_with_the_current_version()
    {
        var (_, draft) = await Read(await Client.PostAsync("/api/plans/drafts", PlanTexts.Text(PlanTexts.First)));
        var url = $"/api/plans/drafts/{draft.GetProperty("draftId").GetGuid()}/assignments/{RowOf(draft, "Sở Tư pháp").GetProperty("key").GetString()}";
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Client.PutAsJsonAsync(url, new { agency = i % 2 == 0 ? "Sở Xây dựng" : "Sở Nội vụ", role = "lead", task = $"Việc số {i}.", expectedVersion = 1 })));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
            Assert.Equal(2, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt32());
    }

    [Fact]
    public async Task An_identical_import_changes_nothing_and_an_amended_one_revises_the_plan_keeping_the_office_corrections()
    {
        var (first, imported) = await Import(PlanTexts.First);
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(0, imported.GetProperty("checks").GetInt32());
        Assert.Equal(0, imported.GetProperty("unread").GetInt32());
        var planId = imported.GetProperty("planId").GetGuid();
        var ids = Ids(imported, "assignments");
        var (health, law, finance, merits) = (ids[0], ids[1], ids[2], ids[3]);

        // The office moves Nội vụ's duty by hand.
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, $"/api/assignments/{merits}/reassign", new { agencyId = "so-y-te--quang-ngai", reason = "Đúng chức năng" })).Status);
        async Task<long> PlanEvents()
        {
            await using var query = Store.QuerySession();
            return (await query.Events.FetchStreamStateAsync(planId))!.Version;
        }
        var before = await PlanEvents();

        var (again, same) = await Import(PlanTexts.First);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.True(same.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(ids, Ids(same, "assignments"));
        Assert.Equal(before, await PlanEvents());
        Assert.Equal("so-y-te--quang-ngai", (await Assignment(merits)).GetProperty("agencyId").GetString());

        // The amended plan as a draft first: the office sees what confirming would do.
        var (_, draft) = await Read(await Client.PostAsync("/api/plans/drafts", PlanTexts.Text(PlanTexts.Amended)));
        Assert.Equal(planId, draft.GetProperty("plan").GetProperty("planId").GetGuid());
        Assert.True(draft.GetProperty("plan").GetProperty("exists").GetBoolean());
        var preview = draft.GetProperty("revision");
        Assert.False(preview.GetProperty("same").GetBoolean());
        Assert.Equal("Sở Công Thương", Assert.Single(preview.GetProperty("added").EnumerateArray()).GetProperty("agency").GetString());
        Assert.Equal(finance, Assert.Single(preview.GetProperty("withdrawn").EnumerateArray()).GetProperty("assignmentId").GetGuid());
        Assert.Equal([health, law], preview.GetProperty("changed").EnumerateArray().Select(c => c.GetProperty("assignmentId").GetGuid()));
        Assert.Equal(1, preview.GetProperty("unchanged").GetInt32());

        var (revisedStatus, revised) = await Tracked(c => c.PostAsync($"/api/plans/drafts/{draft.GetProperty("draftId").GetGuid()}/confirm", null));
        Assert.Equal(HttpStatusCode.OK, revisedStatus);
        Assert.Equal((planId, 2, true), (revised.GetProperty("planId").GetGuid(), revised.GetProperty("revision").GetInt32(), revised.GetProperty("revised").GetBoolean()));
        var added = Assert.Single(Ids(revised, "added"));
        Assert.Equal([finance], Ids(revised, "withdrawn"));
        Assert.Equal([health, law], Ids(revised, "changed"));
        Assert.Equal([merits], Ids(revised, "unchanged"));

        // Changed rows keep their stream: a new date, another agency; the row kept stays with the office's choice.
        var healthNow = await Assignment(health);
        Assert.Equal(("2027-07-31", 2), (healthNow.GetProperty("due").GetString(), healthNow.GetProperty("version").GetInt32()));
        Assert.Equal("so-giao-duc-va-dao-tao--quang-ngai", (await Assignment(law)).GetProperty("agencyId").GetString());
        var financeNow = await Assignment(finance);
        Assert.Equal("withdrawn", financeNow.GetProperty("status").GetString());
        var withdrawal = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{finance}/history")).EnumerateArray().Last();
        Assert.Equal("the plan was revised", withdrawal.GetProperty("data").GetProperty("reason").GetString());
        var meritsNow = await Assignment(merits);
        Assert.Equal(("so-y-te--quang-ngai", 2), (meritsNow.GetProperty("agencyId").GetString(), meritsNow.GetProperty("version").GetInt32()));
        Assert.Equal("so-cong-thuong--quang-ngai", (await Assignment(added)).GetProperty("agencyId").GetString());
        var plan = await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}");
        Assert.Equal((2, 5), (plan.GetProperty("revision").GetInt32(), plan.GetProperty("assignments").GetArrayLength()));

        // The amended document once more: the same reading, nothing changes.
        var beforeAgain = await PlanEvents();
        var (third, unchanged) = await Import(PlanTexts.Amended);
        Assert.Equal(HttpStatusCode.OK, third);
        Assert.True(unchanged.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(beforeAgain, await PlanEvents());
        var types = (await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}/history")).EnumerateArray().Select(e => e.GetProperty("type").GetString());
        Assert.Equal(["plan-read", "plan-imported", "plan-read", "plan-revised"], types);
    }

    [Fact]
    public async Task A_plan_already_issued_is_corrected_through_a_draft_of_the_same_document()
    {
        var (_, imported) = await Import(PlanTexts.First);
        var law = Ids(imported, "assignments")[1];
        var (_, draft) = await Read(await Client.PostAsync("/api/plans/drafts", PlanTexts.Text(PlanTexts.First)));
        Assert.True(draft.GetProperty("revision").GetProperty("same").GetBoolean());
        var key = RowOf(draft, "Sở Tư pháp").GetProperty("key").GetString();
        var (_, edited) = await Send(HttpMethod.Put, $"/api/plans/drafts/{draft.GetProperty("draftId").GetGuid()}/assignments/{key}",
            new { agency = "sở xây dựng", role = "lead", task = RowOf(draft, "Sở Tư pháp").GetProperty("task").GetString(), due = "2027-09-30" });
        Assert.Equal("Sở Xây dựng", RowOf(edited, "Sở Xây dựng").GetProperty("agency").GetString());
        var change = Assert.Single(edited.GetProperty("revision").GetProperty("changed").EnumerateArray());
        Assert.Equal(law, change.GetProperty("assignmentId").GetGuid());

        var (status, result) = await Tracked(c => c.PostAsync($"/api/plans/drafts/{draft.GetProperty("draftId").GetGuid()}/confirm", null));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([law], Ids(result, "changed"));
        var moved = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{law}/history")).EnumerateArray().Last();
        Assert.Equal("assignment-reassigned", moved.GetProperty("type").GetString());
        Assert.Equal("so-xay-dung--quang-ngai", moved.GetProperty("data").GetProperty("toAgencyId").GetString());
    }

    [Fact]
    public async Task Drafts_belong_to_the_coordinating_office_and_a_discarded_one_is_gone()
    {
        var (_, draft) = await Read(await Client.PostAsync("/api/plans/drafts", PlanTexts.Text(PlanTexts.First)));
        var url = $"/api/plans/drafts/{draft.GetProperty("draftId").GetGuid()}";
        foreach (var token in new[] { fixture.Token(Roles.Auditor), fixture.Token(Roles.Agency, "so-y-te--quang-ngai") })
        {
            var other = fixture.ClientWith(token);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/api/plans/drafts", PlanTexts.Text(PlanTexts.First))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"{url}/confirm", null)).StatusCode);
        }
        var unreadable = await Client.PostAsync("/api/plans/drafts", PlanTexts.Text("Một văn bản không có phần phân công nào cả."));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unreadable.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, url)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, url)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Post, $"{url}/confirm")).Status);
        await using var query = Store.QuerySession();
        Assert.False(await query.Events.QueryAllRawEvents().AnyAsync());
    }
}
