using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

[Collection(ServiceCollection.Name)]
public sealed class DeadlineTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_plan_imported_after_its_deadlines_shows_them_overdue_at_once_and_marks_each_once()
    {
        await fixture.ImportSeedAsync("quang-ninh-206-KH-UBND.txt");
        var alerts = await Client.GetFromJsonAsync<JsonElement>("/api/alerts?withinDays=7");
        var overdue = alerts.GetProperty("overdue").EnumerateArray().ToList();
        var subPlans = overdue.Where(o => o.GetProperty("due").GetString() == "2021-11-15").ToList();
        // Every agency the general paragraph (VI.1) addresses owes its own plan by 15/11/2021, as the reader reads it.
        var read = Accountability.Plans.Parsing.PlanParser.Parse(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Seeds", "quang-ninh-206-KH-UBND.txt")), "quang-ninh-206-KH-UBND.txt");
        var owed = read.Assignments.Count(a => a.Due == new DateOnly(2021, 11, 15));
        Assert.True(owed >= 13, $"the reader found {owed} agencies owing a plan by 15/11/2021");
        Assert.Equal(owed, subPlans.Count);
        Assert.All(subPlans, o => Assert.True(o.GetProperty("daysLate").GetInt32() > 1000));
        Assert.Contains(subPlans, o => o.GetProperty("agencyId").GetString() == "cong-an-tinh--quang-ninh");

        var id = subPlans[0].GetProperty("assignmentId").GetGuid();
        var assignment = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}");
        Assert.Equal("2021-11-15", assignment.GetProperty("overdueMarkedFor").GetString());
        // Issued, marked overdue once, the overdue notice and the escalation (each with e-mail not possible: no address).
        var types = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/history")).EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Single(types, t => t == "assignment-marked-overdue");
        Assert.Equal(2, types.Count(t => t == "notice-issued"));
        Assert.Equal(6, assignment.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Work_due_later_is_due_soon_and_an_extension_sets_a_new_check()
    {
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 77/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Phòng, chống thiên tai năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Xây dựng rà soát công trình trước ngày 26/11/2026.
            2. Sở Y tế bố trí đội cấp cứu trước ngày 10/12/2026.
            """;
        var response = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        // The test clock starts on 24/11/2026 and only moves within that day and the next.
        var alerts = await Client.GetFromJsonAsync<JsonElement>("/api/alerts?withinDays=30");
        var soon = alerts.GetProperty("dueSoon").EnumerateArray().Select(a => a.GetProperty("agencyId").GetString()).ToList();
        Assert.Contains("so-xay-dung--thanh-hoa", soon);
        Assert.Empty(alerts.GetProperty("overdue").EnumerateArray());

        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
        var tracked = await fixture.TrackAsync(async () =>
            await Client.PostAsJsonAsync($"/api/assignments/{id}/extend", new { newDue = "2027-01-15", reason = "Mưa bão kéo dài" }), 60_000);
        var check = tracked.Scheduled.SingleMessage<Accountability.Deadlines.CheckDeadline>();
        Assert.Equal((id, new DateOnly(2027, 1, 15)), (check.AssignmentId, check.Due));
        var extended = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}");
        Assert.Equal("2027-01-15", extended.GetProperty("due").GetString());
        var later = await Client.GetFromJsonAsync<JsonElement>("/api/alerts?withinDays=3");
        Assert.DoesNotContain(later.GetProperty("overdue").EnumerateArray(), a => a.GetProperty("assignmentId").GetGuid() == id);
    }

    [Fact]
    public async Task Alerts_come_in_pages_with_totals_oldest_first_and_narrow_to_one_agency()
    {
        await fixture.ImportSeedAsync("quang-ninh-206-KH-UBND.txt");
        var all = await Client.GetFromJsonAsync<JsonElement>("/api/alerts?limit=1000");
        var overdue = all.GetProperty("overdue").EnumerateArray().ToList();
        Assert.Equal(overdue.Count, all.GetProperty("overdueTotal").GetInt32());
        Assert.True(overdue.Count > 20, $"only {overdue.Count} overdue");
        var dues = overdue.Select(o => o.GetProperty("due").GetString()).ToList();
        Assert.Equal(dues.Order(StringComparer.Ordinal), dues); // oldest due date first

        // Pages of 7 put together are the whole list, in the same order; the default page is 100.
        var paged = new List<Guid>();
        for (var offset = 0; ; offset += 7)
        {
            var page = await Client.GetFromJsonAsync<JsonElement>($"/api/alerts?limit=7&offset={offset}");
            Assert.Equal(overdue.Count, page.GetProperty("overdueTotal").GetInt32());
            var items = page.GetProperty("overdue").EnumerateArray().Select(o => o.GetProperty("assignmentId").GetGuid()).ToList();
            if (items.Count == 0) break;
            paged.AddRange(items);
        }
        Assert.Equal(overdue.Select(o => o.GetProperty("assignmentId").GetGuid()), paged);
        var first = await Client.GetFromJsonAsync<JsonElement>("/api/alerts");
        Assert.Equal((Math.Min(100, overdue.Count), 100, 0),
            (first.GetProperty("overdue").GetArrayLength(), first.GetProperty("limit").GetInt32(), first.GetProperty("offset").GetInt32()));

        var police = await Client.GetFromJsonAsync<JsonElement>("/api/alerts?agency=cong-an-tinh--quang-ninh&limit=1000");
        var theirs = overdue.Where(o => o.GetProperty("agencyId").GetString() == "cong-an-tinh--quang-ninh").Select(o => o.GetProperty("assignmentId").GetGuid()).ToList();
        Assert.NotEmpty(theirs);
        Assert.Equal(theirs, police.GetProperty("overdue").EnumerateArray().Select(o => o.GetProperty("assignmentId").GetGuid()));
        Assert.Equal(theirs.Count, police.GetProperty("overdueTotal").GetInt32());

        var bad = await Client.GetAsync("/api/alerts?limit=0");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("limit must be between 1 and 1000", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
