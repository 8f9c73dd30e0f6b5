using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Agencies.Successions;
using Accountability.Time;
using Alba;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>
/// The 2025 reorganisation over the real store: duties of ended agencies move to their successors (on import, when a
/// succession takes effect, when the office enters one), scorecards keep who held what when, and plans that answer
/// plans complete the duty they answer and hang under it.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class SuccessionAndCascadeTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const string Labour = "so-lao-dong-thuong-binh-va-xa-hoi--quang-ninh";
    private const string Health = "so-y-te--quang-ninh";
    private const string Districts = "uy-ban-nhan-dan-cac-huyen-thi-xa-thanh-pho--quang-ninh";
    private const string Communes = "uy-ban-nhan-dan-cac-xa-phuong--quang-ninh";
    private const string QuangNinh = "quang-ninh-206-KH-UBND.txt";

    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateTimeOffset Vn(int y, int m, int d, int h = 10) => VietnamTime.At(new DateOnly(y, m, d), new TimeOnly(h, 0));

    private async Task<List<JsonElement>> Held(string agency, string? plan = null)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments?agency={agency}&limit=1000{(plan is null ? "" : $"&plan={plan}")}");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private async Task<List<JsonElement>> History(Guid id) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/history")).EnumerateArray().ToList();

    private async Task<Guid> ImportSeed()
    {
        var response = await fixture.ImportSeedAsync(QuangNinh);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("planId").GetGuid();
    }

    /// <summary>The audit folds every stream again, transfers and links included, and finds the stored read models equal.</summary>
    private async Task AssertVerified()
    {
        var report = await Client.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(report.GetProperty("broken").GetArrayLength() == 0, report.GetProperty("broken").ToString());
        Assert.True(report.GetProperty("ok").GetBoolean());
    }

    private static Guid Id(JsonElement a) => (a.TryGetProperty("id", out var id) ? id : a.GetProperty("assignmentId")).GetGuid();

    [Fact]
    public async Task Importing_a_2021_plan_today_moves_the_ended_agencies_open_duties_and_keeps_who_held_them()
    {
        var planId = await ImportSeed(); // 24/11/2026: the 2025 reorganisation is in force
        var expected = SeedReadings.Assignments(QuangNinh);
        Assert.Equal(expected, (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments?plan={planId}&limit=1000")).GetProperty("total").GetInt32());

        // The labour department ended on 1/3/2025; a plan against prostitution is social-evils work, which went to health.
        Assert.Empty(await Held(Labour));
        var health = await Held(Health, planId.ToString());
        var fromLabour = new List<Guid>();
        foreach (var a in health)
        {
            var history = await History(Id(a));
            if (history.Count < 2 || history[1].GetProperty("type").GetString() != "assignment-transferred") continue;
            fromLabour.Add(Id(a));
            Assert.Equal("assignment-issued", history[0].GetProperty("type").GetString());
            Assert.Equal(Labour, history[0].GetProperty("data").GetProperty("agencyId").GetString());
            var moved = history[1].GetProperty("data");
            Assert.Equal((Labour, Health), (moved.GetProperty("fromAgencyId").GetString(), moved.GetProperty("toAgencyId").GetString()));
            Assert.Equal("2025-03-01", moved.GetProperty("effectiveOn").GetString());
            Assert.Contains("nd45-2025", moved.GetProperty("basis").GetString());
            Assert.Equal("system", history[1].GetProperty("actor").GetString());
        }
        Assert.Equal(4, fromLabour.Count);

        // The district level ended on 1/7/2025: "các huyện, thị xã, thành phố" became "các xã, phường", a named one its area's.
        Assert.Empty(await Held(Districts));
        Assert.Equal(11, (await Held(Communes)).Count);
        Assert.Empty(await Held("uy-ban-nhan-dan-ha-long--quang-ninh"));
        Assert.Equal(12, (await Held("uy-ban-nhan-dan-cac-xa-phuong-tren-dia-ban-ha-long-cu--quang-ninh")).Count);
        Assert.Equal("Ủy ban nhân dân các xã, phường", (await Client.GetFromJsonAsync<JsonElement>($"/api/agencies/{Communes}")).GetProperty("name").GetString());

        // The table says why, for the directory's "Cơ quan" screen.
        var table = await Client.GetFromJsonAsync<JsonElement>($"/api/agencies/{Labour}/succession");
        Assert.Equal("national", table.GetProperty("origin").GetString());
        Assert.Contains(table.GetProperty("successors").EnumerateArray(), s => s.GetProperty("agencyId").GetString() == Health);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/agencies/{Health}/succession")).StatusCode);

        // Reading the same plan again changes nothing: the duties stay with their successors.
        var again = await fixture.ImportSeedAsync(QuangNinh);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Empty(await Held(Labour));
        await AssertVerified();
    }

    [Fact]
    public async Task A_succession_taking_effect_moves_open_duties_and_scorecards_keep_who_held_them_when()
    {
        fixture.Clock.SetUtcNow(Vn(2021, 11, 1));
        var planId = await ImportSeed();
        var labour = await Held(Labour);
        Assert.Equal(4, labour.Count); // 2021: nothing has ended yet
        var done = Id(labour[0]);
        fixture.Clock.SetUtcNow(Vn(2021, 12, 1));
        var completed = await Client.PostAsJsonAsync($"/api/assignments/{done}/complete", new { });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);

        // 1/3/2025 comes: the timer the import set fires (here invoked, as the message store's clock is the real one).
        fixture.Clock.SetUtcNow(Vn(2025, 3, 1, 0));
        await fixture.InvokeAsync(new TakeSuccessionEffect(Labour, "Sở Lao động - Thương binh và Xã hội", new DateOnly(2025, 3, 1)));
        await AssertVerified();
        var stayed = Assert.Single(await Held(Labour));
        Assert.Equal(done, Id(stayed)); // completed work stays where it was done
        fixture.Clock.SetUtcNow(ServiceFixture.Start);

        var now = await Client.GetFromJsonAsync<JsonElement>($"/api/scorecards?plan={planId}");
        var healthNow = now.GetProperty("scorecards").EnumerateArray().Single(c => c.GetProperty("agencyId").GetString() == Health);
        Assert.Equal(3, healthNow.GetProperty("total").GetProperty("transferredIn").GetInt32());
        var labourNow = now.GetProperty("scorecards").EnumerateArray().Single(c => c.GetProperty("agencyId").GetString() == Labour);
        Assert.Equal(1, labourNow.GetProperty("total").GetProperty("assigned").GetInt32());

        var asOf2022 = await Client.GetFromJsonAsync<JsonElement>($"/api/scorecards?plan={planId}&asOf={Uri.EscapeDataString(Vn(2022, 6, 1).ToString("O"))}");
        var labourThen = asOf2022.GetProperty("scorecards").EnumerateArray().Single(c => c.GetProperty("agencyId").GetString() == Labour);
        Assert.Equal(4, labourThen.GetProperty("total").GetProperty("assigned").GetInt32());
        var healthThen = asOf2022.GetProperty("scorecards").EnumerateArray().Single(c => c.GetProperty("agencyId").GetString() == Health);
        Assert.Equal(0, healthThen.GetProperty("total").GetProperty("transferredIn").GetInt32());
        Assert.DoesNotContain(asOf2022.GetProperty("scorecards").EnumerateArray(), c => c.GetProperty("agencyId").GetString() == Communes);

        // The timer again (a retry, a restart) moves nothing more.
        await fixture.InvokeAsync(new TakeSuccessionEffect(Labour, "Sở Lao động - Thương binh và Xã hội", new DateOnly(2025, 3, 1)));
        Assert.Single(await Held(Labour));
        var moves = 0;
        foreach (var a in await Held(Health, planId.ToString()))
            moves += (await History(Id(a))).Count(e => e.GetProperty("type").GetString() == "assignment-transferred");
        Assert.Equal(3, moves);
    }

    [Fact]
    public async Task Duties_stored_before_the_service_knew_the_table_move_when_it_starts_once()
    {
        fixture.Clock.SetUtcNow(Vn(2021, 11, 1));
        await ImportSeed();
        Assert.Equal(4, (await Held(Labour)).Count);
        Assert.Equal(11, (await Held(Districts)).Count);

        fixture.Clock.SetUtcNow(ServiceFixture.Start);
        await fixture.RestartAsync(); // an existing database meets this version of the service: the sweep runs once
        Assert.Empty(await Held(Labour));
        Assert.Empty(await Held(Districts));
        Assert.Equal(11, (await Held(Communes)).Count);
        await using var session = fixture.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        Assert.NotNull(await session.LoadAsync<Accountability.Infrastructure.ProjectionBuilt>(SuccessionSweep.Marker));
    }

    [Fact]
    public async Task An_office_enters_a_succession_for_a_past_day_and_its_open_duties_move_at_once()
    {
        var plan = ServiceFixture.Plan("77"); // Thanh Hóa, 01/11/2026: Nội vụ, Tư pháp, Tài chính, Y tế
        Assert.Equal(HttpStatusCode.Created, (await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"))).StatusCode);
        var justice = Assert.Single(await Held("so-tu-phap--thanh-hoa"));

        Assert.Equal(HttpStatusCode.NotFound, (await Client.PutAsJsonAsync("/api/agencies/no-such/succession", new { })).StatusCode);
        var noBasis = await Client.PutAsJsonAsync("/api/agencies/so-tu-phap--thanh-hoa/succession", new { effectiveOn = "2026-11-20", successors = new[] { new { agencyId = "so-noi-vu--thanh-hoa" } } });
        Assert.Equal(HttpStatusCode.BadRequest, noBasis.StatusCode);
        Assert.Equal("basis", (await noBasis.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var itself = await Client.PutAsJsonAsync("/api/agencies/so-tu-phap--thanh-hoa/succession", new { effectiveOn = "2026-11-20", basis = "x", successors = new[] { new { agencyId = "so-tu-phap--thanh-hoa" } } });
        Assert.Equal(HttpStatusCode.BadRequest, itself.StatusCode);
        var agencyToken = fixture.ClientWith(fixture.Token(Accountability.Security.Roles.Agency, "so-tu-phap--thanh-hoa"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agencyToken.PutAsJsonAsync("/api/agencies/so-tu-phap--thanh-hoa/succession", new { })).StatusCode);

        var put = await Client.PutAsJsonAsync("/api/agencies/so-tu-phap--thanh-hoa/succession", new
        {
            effectiveOn = "2026-11-20",
            successors = new object[] { new { agencyId = "Sở Nội vụ", topics = new[] { "văn bản quy phạm pháp luật" } }, new { agencyId = "so-tai-chinh--thanh-hoa" } },
            @default = "so-tai-chinh--thanh-hoa",
            basis = "Quyết định 12/QĐ-UBND ngày 15/11/2026 (thử nghiệm)",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var body = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Id(justice), Assert.Single(body.GetProperty("transferred").EnumerateArray()).GetGuid());
        Assert.Empty(await Held("so-tu-phap--thanh-hoa"));
        Assert.Contains(await Held("so-noi-vu--thanh-hoa"), a => Id(a) == Id(justice));
        await AssertVerified();
        var table = await Client.GetFromJsonAsync<JsonElement>("/api/agencies/so-tu-phap--thanh-hoa/succession");
        Assert.Equal(("office", "so-tai-chinh--thanh-hoa"), (table.GetProperty("origin").GetString(), table.GetProperty("defaultId").GetString()));

        // The new holder answers for it now: its token acts on it, the former holder's no longer does.
        var nowHolder = fixture.ClientWith(fixture.Token(Accountability.Security.Roles.Agency, "so-noi-vu--thanh-hoa"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agencyToken.PostAsJsonAsync($"/api/assignments/{Id(justice)}/acknowledge", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nowHolder.PostAsJsonAsync($"/api/assignments/{Id(justice)}/acknowledge", new { })).StatusCode);
    }

    [Fact]
    public async Task A_succession_entered_for_a_later_day_moves_the_duties_on_that_day()
    {
        var plan = ServiceFixture.Plan("78");
        Assert.Equal(HttpStatusCode.Created, (await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"))).StatusCode);
        var finance = Assert.Single(await Held("so-tai-chinh--thanh-hoa"));
        var (tracked, put) = await Put("/api/agencies/so-tai-chinh--thanh-hoa/succession", new
        {
            effectiveOn = "2026-12-01", successors = new[] { new { agencyId = "so-noi-vu--thanh-hoa" } }, basis = "Quyết định 13/QĐ-UBND",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Empty((await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferred").EnumerateArray());
        var timer = Assert.Single(tracked.Scheduled.MessagesOf<TakeSuccessionEffect>());
        Assert.Equal(new DateOnly(2026, 12, 1), timer.EffectiveOn);
        Assert.Single(await Held("so-tai-chinh--thanh-hoa"));

        fixture.Clock.SetUtcNow(Vn(2026, 12, 1, 0));
        await fixture.InvokeAsync(timer);
        Assert.Empty(await Held("so-tai-chinh--thanh-hoa"));
        Assert.Contains(await Held("so-noi-vu--thanh-hoa"), a => Id(a) == Id(finance));
    }

    private async Task<(ITrackedSession, HttpResponseMessage)> Put(string url, object body)
    {
        HttpResponseMessage? response = null;
        var tracked = await fixture.TrackAsync(async () => response = await Client.PutAsJsonAsync(url, body), 60_000);
        return (tracked, response!);
    }

    /// <summary>A department of Quảng Ninh answers 206/KH-UBND with its own plan, issued on the given day.</summary>
    internal static string SubPlan(string department, string number, DateOnly issued) => $"""
        ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH
        {department.ToUpperInvariant()}
        Số: {number}
        Quảng Ninh, ngày {issued.Day:00} tháng {issued.Month:00} năm {issued.Year}
        KẾ HOẠCH
        Triển khai thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021-2025
        Thực hiện Kế hoạch số 206/KH-UBND ngày 22/10/2021 của UBND tỉnh Quảng Ninh về thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021-2025 trên địa bàn tỉnh Quảng Ninh, {department} xây dựng Kế hoạch triển khai thực hiện như sau:
        I. TỔ CHỨC THỰC HIỆN
        1. Trung tâm Kiểm soát bệnh tật tỉnh chủ trì triển khai các biện pháp can thiệp giảm hại trong phòng, chống mại dâm, hoàn thành trước ngày 15/12/2021.
        2. Văn phòng Sở tổng hợp, báo cáo kết quả thực hiện về Sở Lao động - Thương binh và Xã hội trước ngày 10/12/2021.
        """;

    [Fact]
    public async Task A_sub_plan_completes_its_issuers_duty_on_time_or_late_and_hangs_under_the_parent()
    {
        fixture.Clock.SetUtcNow(Vn(2021, 11, 1));
        var parentId = await ImportSeed();
        var parentBefore = await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{parentId}/tree");

        // Sở Y tế's plan is dated 10/11/2021, before the 15/11/2021 the province set; Sở Tư pháp's 20/11/2021, after it.
        fixture.Clock.SetUtcNow(Vn(2021, 11, 12));
        var health = await fixture.ImportAsync(new StringContent(SubPlan("Sở Y tế", "3120/KH-SYT", new DateOnly(2021, 11, 10)), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, health.StatusCode);
        fixture.Clock.SetUtcNow(Vn(2021, 11, 25));
        var justice = await fixture.ImportAsync(new StringContent(SubPlan("Sở Tư pháp", "88/KH-STP", new DateOnly(2021, 11, 20)), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, justice.StatusCode);

        async Task<JsonElement> Duty(string agency) => (await Held(agency, parentId.ToString()))
            .Single(a => a.GetProperty("due").GetString() == "2021-11-15" && a.GetProperty("task").GetString()!.Contains("xây dựng Kế hoạch"));
        var healthDuty = await Duty(Health);
        Assert.Equal(("completed", "2021-11-10"), (healthDuty.GetProperty("status").GetString()!.ToLowerInvariant(), healthDuty.GetProperty("completedOn").GetString()));
        var completion = (await History(Id(healthDuty))).Last();
        Assert.Equal(("assignment-completed", "system"), (completion.GetProperty("type").GetString(), completion.GetProperty("actor").GetString()));
        Assert.Contains("3120/KH-SYT", completion.GetProperty("data").GetProperty("evidence").GetString());
        var justiceDuty = await Duty("so-tu-phap--quang-ninh");
        Assert.Equal("2021-11-20", justiceDuty.GetProperty("completedOn").GetString());

        var tree = await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{Uri.EscapeDataString("206/KH-UBND")}/tree");
        Assert.Equal(parentId, tree.GetProperty("id").GetGuid());
        var subs = tree.GetProperty("subPlans").EnumerateArray().ToList();
        Assert.Equal(["3120/KH-SYT", "88/KH-STP"], subs.Select(s => s.GetProperty("number").GetString()));
        Assert.Equal([Id(healthDuty), Id(justiceDuty)], subs.Select(s => s.GetProperty("parentAssignmentId").GetGuid()));
        Assert.All(subs, s => Assert.Equal(2, s.GetProperty("assignments").GetArrayLength()));
        var own = tree.GetProperty("own");
        Assert.Equal((1, 1), (own.GetProperty("boxes").GetProperty("completedOnTime").GetInt32(), own.GetProperty("boxes").GetProperty("completedLate").GetInt32()));
        Assert.Equal(2, own.GetProperty("completed").GetInt32());
        Assert.Equal(own.GetProperty("assignments").GetInt32() + 4, tree.GetProperty("total").GetProperty("assignments").GetInt32());
        Assert.Equal(0, parentBefore.GetProperty("subPlans").GetArrayLength());

        var sub = await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{subs[0].GetProperty("id").GetGuid()}");
        Assert.Equal(parentId, sub.GetProperty("parentPlanId").GetGuid());
        await AssertVerified();
    }
}
