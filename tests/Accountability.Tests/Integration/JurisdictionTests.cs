using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Security;
using Accountability.Time;

namespace Accountability.Tests.Integration;

/// <summary>
/// Provinces over the real store: the same department of two provinces is two agencies with two inboxes; a
/// provincial coordinator reads and acts only in its province (another's records answer 404, its lists leave them
/// out), the national office and auditors see both, and a merged province sees the provinces merged into it.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class JurisdictionTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const string QuangNinh = "quang-ninh-206-KH-UBND.txt";
    private const string QuangNgai = "quang-ngai-2025.txt";

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateTimeOffset Vn(int y, int m, int d) => VietnamTime.At(new DateOnly(y, m, d), new TimeOnly(10, 0));

    private HttpClient Coordinator(string? jurisdiction) => fixture.ClientWith(fixture.Token(Roles.Coordinator, jurisdiction: jurisdiction));

    private async Task<Guid> Import(string seed)
    {
        var response = await fixture.ImportSeedAsync(seed);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("planId").GetGuid();
    }

    private async Task<Guid> ImportText(string text)
    {
        var response = await fixture.ImportAsync(new StringContent(text, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("planId").GetGuid();
    }

    private static async Task<List<Guid>> PlanIds(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/plans?limit=100")).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("planId").GetGuid()).ToList();

    private static async Task<List<JsonElement>> Assignments(HttpClient client, string query = "") =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/assignments?limit=1000{query}")).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task The_same_department_of_two_provinces_is_two_agencies_with_two_inboxes()
    {
        var quangNinh = await Import(QuangNinh);
        var quangNgai = await Import(QuangNgai);
        var client = fixture.Client();

        var agencies = (await client.GetFromJsonAsync<JsonElement>("/api/agencies")).EnumerateArray().ToList();
        var police = agencies.Where(a => a.GetProperty("name").GetString() == "Công an tỉnh").ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("jurisdiction").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["cong-an-tinh--quang-ninh"] = "quang-ninh", ["cong-an-tinh--quang-ngai"] = "quang-ngai" }, police);
        Assert.DoesNotContain(agencies, a => a.GetProperty("id").GetString() == "cong-an-tinh");

        var ninhDuty = (await Assignments(client, $"&plan={quangNinh}&agency=cong-an-tinh--quang-ninh"))[0];
        Assert.NotEmpty(await Assignments(client, $"&plan={quangNgai}&agency=cong-an-tinh--quang-ngai"));
        Assert.Empty(await Assignments(client, $"&plan={quangNgai}&agency=cong-an-tinh--quang-ninh"));

        // A chase of Quảng Ninh's police reaches Quảng Ninh's inbox only.
        var chased = await client.PostAsJsonAsync($"/api/assignments/{ninhDuty.GetProperty("id").GetGuid()}/chase", new { note = "Khẩn" });
        Assert.Equal(HttpStatusCode.OK, chased.StatusCode);
        async Task<int> Inbox(string agency) =>
            (await fixture.ClientWith(fixture.Token(Roles.Agency, agency)).GetFromJsonAsync<JsonElement>($"/api/agencies/{agency}/notifications?kind=chase")).GetArrayLength();
        Assert.Equal(1, await Inbox("cong-an-tinh--quang-ninh"));
        Assert.Equal(0, await Inbox("cong-an-tinh--quang-ngai"));

        // Reading the same plan again changes nothing.
        var again = await fixture.ImportSeedAsync(QuangNinh);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alreadyImported").GetBoolean());
    }

    [Fact]
    public async Task A_provincial_coordinator_reads_and_acts_only_in_its_province_and_the_national_office_and_auditors_see_both()
    {
        var quangNinh = await Import(QuangNinh);
        var quangNgai = await Import(QuangNgai);
        var ninh = Coordinator("quang-ninh");
        var other = (await Assignments(fixture.Client(), $"&plan={quangNgai}"))[0].GetProperty("id").GetGuid();

        // Another province's plan and assignment: as if they did not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await ninh.GetAsync($"/api/plans/{quangNgai}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ninh.GetAsync($"/api/plans/{quangNgai}/tree")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ninh.GetAsync($"/api/assignments/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ninh.GetAsync($"/api/assignments/{other}/history")).StatusCode);
        var extend = await ninh.PostAsJsonAsync($"/api/assignments/{other}/extend", new { newDue = "2027-06-30", reason = "Gia hạn" });
        Assert.Equal(HttpStatusCode.NotFound, extend.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ninh.PostAsJsonAsync($"/api/assignments/{other}/withdraw", new { reason = "Rút" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ninh.GetAsync("/api/agencies/cong-an-tinh--quang-ngai")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ninh.GetAsync("/api/scorecards/cong-an-tinh--quang-ngai")).StatusCode);
        var history = await fixture.Client().GetFromJsonAsync<JsonElement>($"/api/assignments/{other}/history");
        Assert.DoesNotContain(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "deadline-extended");

        // Its own work as usual.
        var mine = (await Assignments(ninh, $"&plan={quangNinh}"))[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await ninh.GetAsync($"/api/assignments/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ninh.PostAsJsonAsync($"/api/assignments/{mine}/extend", new { newDue = "2027-06-30", reason = "Gia hạn" })).StatusCode);
        var across = await ninh.PostAsJsonAsync($"/api/assignments/{mine}/reassign", new { agencyId = "cong-an-tinh--quang-ngai", reason = "Sai tỉnh" });
        Assert.Equal(HttpStatusCode.BadRequest, across.StatusCode);

        // Lists leave the other province out (narrowed in the query: the totals agree).
        Assert.Equal([quangNinh], await PlanIds(ninh));
        var listed = await ninh.GetFromJsonAsync<JsonElement>("/api/assignments?limit=1000");
        Assert.Equal(SeedReadings.Assignments(QuangNinh), listed.GetProperty("total").GetInt32());
        Assert.All(listed.GetProperty("items").EnumerateArray(), a => Assert.Equal(quangNinh, a.GetProperty("planId").GetGuid()));
        var alerts = await ninh.GetFromJsonAsync<JsonElement>("/api/alerts?limit=1000");
        Assert.True(alerts.GetProperty("overdueTotal").GetInt32() > 0);
        Assert.All(alerts.GetProperty("overdue").EnumerateArray(), a => Assert.Equal(quangNinh, a.GetProperty("planId").GetGuid()));
        var cards = (await ninh.GetFromJsonAsync<JsonElement>("/api/scorecards")).GetProperty("scorecards").EnumerateArray().Select(c => c.GetProperty("agencyId").GetString()!).ToList();
        Assert.Contains("cong-an-tinh--quang-ninh", cards);
        Assert.DoesNotContain(cards, id => id.EndsWith("--quang-ngai", StringComparison.Ordinal));
        var agencies = (await ninh.GetFromJsonAsync<JsonElement>("/api/agencies")).EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        Assert.Contains("cong-an-tinh--quang-ninh", agencies);
        Assert.DoesNotContain(agencies, id => id.EndsWith("--quang-ngai", StringComparison.Ordinal));

        // Notices: those to its own province's agencies only; another province's notice cannot be sent again from here.
        var notices = (await ninh.GetFromJsonAsync<JsonElement>("/api/notifications?limit=1000")).EnumerateArray().ToList();
        Assert.Contains(notices, n => n.GetProperty("recipient").GetString()!.EndsWith("--quang-ninh", StringComparison.Ordinal));
        Assert.DoesNotContain(notices, n => n.GetProperty("recipient").GetString()!.EndsWith("--quang-ngai", StringComparison.Ordinal));
        var theirs = (await fixture.Client().GetFromJsonAsync<JsonElement>("/api/notifications?limit=1000")).EnumerateArray()
            .First(n => n.GetProperty("recipient").GetString()!.EndsWith("--quang-ngai", StringComparison.Ordinal)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await ninh.PostAsync($"/api/notifications/{Uri.EscapeDataString(theirs)}/redeliver", null)).StatusCode);

        // Importing another province's plan, directly or as a draft: refused, saying why.
        var seed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seeds", QuangNgai));
        var refused = await ninh.PostAsync("/api/plans", new StringContent(seed, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("quang-ngai", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await ninh.PostAsync("/api/plans/drafts", new StringContent(seed, Encoding.UTF8, "text/plain"))).StatusCode);

        // The national office and auditors see both provinces.
        foreach (var all in new[] { Coordinator(null), fixture.ClientWith(fixture.Token(Roles.Auditor)), fixture.ClientWith(fixture.Token(Roles.Auditor, jurisdiction: "quang-ninh")) })
        {
            Assert.Equal(new[] { quangNinh, quangNgai }.Order(), (await PlanIds(all)).Order());
            Assert.Equal(HttpStatusCode.OK, (await all.GetAsync($"/api/assignments/{other}")).StatusCode);
        }
    }

    /// <summary>A plan of Kon Tum, a province merged into Quảng Ngãi on 1/7/2025 (Resolution 202/2025/QH15).</summary>
    private static readonly string KonTum = string.Join("\n",
        "ỦY BAN NHÂN DÂN TỈNH KON TUM", "Số: 41/KH-UBND", "Kon Tum, ngày 05 tháng 03 năm 2024", "KẾ HOẠCH", "Phòng, chống tệ nạn xã hội năm 2024",
        "I. PHÂN CÔNG NHIỆM VỤ",
        "1. Công an tỉnh chủ trì đấu tranh, triệt phá các tụ điểm tệ nạn xã hội, hoàn thành trước ngày 15/12/2024.",
        "2. Sở Y tế tổ chức khám, chữa bệnh cho người nghiện, hoàn thành trước ngày 20/12/2024.");

    [Fact]
    public async Task A_merged_provinces_coordinator_sees_the_plans_of_the_provinces_merged_into_it()
    {
        fixture.Clock.SetUtcNow(Vn(2024, 3, 10));
        var konTum = await ImportText(KonTum);
        fixture.Clock.SetUtcNow(ServiceFixture.Start);
        var quangNgai = await Import(QuangNgai);
        var thanhHoa = await ImportText(ServiceFixture.Plan("71", duties: 1));

        var merged = Coordinator("quang-ngai");
        Assert.Equal(new[] { konTum, quangNgai }.Order(), (await PlanIds(merged)).Order());
        Assert.DoesNotContain(thanhHoa, await PlanIds(merged));
        var konTumDuty = (await Assignments(merged, $"&plan={konTum}"))[0];
        Assert.Equal("cong-an-tinh--kon-tum", konTumDuty.GetProperty("agencyId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await merged.GetAsync($"/api/assignments/{konTumDuty.GetProperty("id").GetGuid()}")).StatusCode);

        // The former province's own view does not reach into the new one.
        Assert.Equal([konTum], await PlanIds(Coordinator("kon-tum")));
    }

    [Fact]
    public async Task A_sub_plan_imported_before_its_parent_completes_the_parents_duty_when_the_parent_arrives()
    {
        fixture.Clock.SetUtcNow(Vn(2021, 11, 12));
        var sub = await ImportText(SuccessionAndCascadeTests.SubPlan("Sở Y tế", "3120/KH-SYT", new DateOnly(2021, 11, 10)));
        Assert.True((await fixture.Client().GetFromJsonAsync<JsonElement>($"/api/plans/{sub}")).GetProperty("parentPlanId").ValueKind == JsonValueKind.Null);

        fixture.Clock.SetUtcNow(Vn(2021, 11, 20));
        var parent = await Import(QuangNinh);
        var client = fixture.Client();
        var duty = (await Assignments(client, $"&plan={parent}&agency=so-y-te--quang-ninh"))
            .Single(a => a.GetProperty("due").GetString() == "2021-11-15" && a.GetProperty("task").GetString()!.Contains("xây dựng Kế hoạch"));
        Assert.Equal(("completed", "2021-11-10"), (duty.GetProperty("status").GetString(), duty.GetProperty("completedOn").GetString()));
        var linked = await client.GetFromJsonAsync<JsonElement>($"/api/plans/{sub}");
        Assert.Equal((parent, duty.GetProperty("id").GetGuid()), (linked.GetProperty("parentPlanId").GetGuid(), linked.GetProperty("parentAssignmentId").GetGuid()));
        var tree = await client.GetFromJsonAsync<JsonElement>($"/api/plans/{parent}/tree");
        Assert.Equal([sub], tree.GetProperty("subPlans").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(1, tree.GetProperty("own").GetProperty("boxes").GetProperty("completedOnTime").GetInt32());
    }

    [Fact]
    public async Task A_transfer_tells_the_successor_with_a_notice_on_the_duty()
    {
        // A plan of 2024 imported today: Sở Lao động - Thương binh và Xã hội ended on 1/3/2025, its social-evils work went to Sở Y tế.
        var planId = await ImportText(string.Join("\n",
            "ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "Số: 15/KH-UBND", "Thanh Hóa, ngày 10 tháng 01 năm 2024", "KẾ HOẠCH", "Phòng, chống tệ nạn xã hội giai đoạn 2024-2026",
            "I. PHÂN CÔNG NHIỆM VỤ",
            "1. Sở Lao động - Thương binh và Xã hội chủ trì phòng, chống tệ nạn xã hội, hoàn thành trước ngày 31/12/2026.",
            "2. Sở Tư pháp phổ biến pháp luật, hoàn thành trước ngày 31/12/2026."));
        var client = fixture.Client();
        var inbox = await fixture.ClientWith(fixture.Token(Roles.Agency, "so-y-te--thanh-hoa"))
            .GetFromJsonAsync<JsonElement>("/api/agencies/so-y-te--thanh-hoa/notifications?kind=transferred");
        var notices = inbox.EnumerateArray().ToList();
        Assert.Single(notices);
        var first = notices[0];
        Assert.Contains("Sở Lao động - Thương binh và Xã hội", first.GetProperty("message").GetString());
        var history = (await client.GetFromJsonAsync<JsonElement>($"/api/assignments/{first.GetProperty("assignmentId").GetGuid()}/history")).EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["assignment-issued", "assignment-transferred", "notice-issued"], history.Take(3));
        Assert.Equal(planId, first.GetProperty("planId").GetGuid());
        var report = await client.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetProperty("broken").ToString());
    }
}
