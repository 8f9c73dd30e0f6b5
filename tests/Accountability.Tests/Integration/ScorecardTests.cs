using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accountability.Scorecards;
using Accountability.Time;
using Alba;
using Marten;
using Wolverine;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>
/// Scorecards over the real store: the four boxes, extensions, backdated completions, reassignment, the view as
/// of a past moment, a rebuild from the events, and the CSV exports.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class ScorecardTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();
    private const string Science = "so-khoa-hoc-va-cong-nghe--thanh-hoa";
    private const string Finance = "so-tai-chinh--thanh-hoa";

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateTimeOffset Vn(int m, int d, int h = 10) => VietnamTime.At(new DateOnly(2026, m, d), new TimeOnly(h, 0));

    /// <summary>Imported on Tuesday 24/11/2026 at 10:00: five duties of the science department, one of finance.</summary>
    private async Task<Dictionary<string, Guid>> ImportPlan()
    {
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 91/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Chuyển đổi số năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Khoa học và Công nghệ xây dựng kho dữ liệu dùng chung, hoàn thành trước ngày 01/12/2026.
            2. Sở Khoa học và Công nghệ ban hành quy chế khai thác dữ liệu, hoàn thành trước ngày 10/12/2026.
            3. Sở Khoa học và Công nghệ tổng kết thí điểm, hoàn thành trước ngày 20/11/2026.
            4. Sở Khoa học và Công nghệ rà soát hạ tầng số, hoàn thành trước ngày 15/11/2026.
            5. Sở Khoa học và Công nghệ theo dõi, hướng dẫn thường xuyên.
            6. Sở Tài chính bố trí kinh phí, hoàn thành trước ngày 05/12/2026.
            """;
        var response = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToList();
        var sections = new Dictionary<string, Guid>();
        foreach (var id in ids)
            sections[(await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}")).GetProperty("section").GetString()!] = id;
        return sections;
    }

    /// <summary>Sends a command at the clock's current time and waits for what it sets in motion.</summary>
    private async Task Do(Guid id, string action, object body)
    {
        HttpResponseMessage? response = null;
        await fixture.TrackAsync(async () => response = await Client.PostAsJsonAsync($"/api/assignments/{id}/{action}", body), 30_000);
        Assert.True(response!.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private Task<JsonElement> Card(string agency, string query = "") => Client.GetFromJsonAsync<JsonElement>($"/api/scorecards/{agency}{query}");

    private static int Int(JsonElement tally, string name) => tally.GetProperty(name).GetInt32();

    /// <summary>
    /// On 3/12: I.1 (due 1/12) done on 28/11, on time; I.3 (due 20/11, passed at import) done on 26/11, six days late;
    /// I.2 (due 10/12) acknowledged after two hours, a report on 30/11, still in time; I.4 (due Sunday 15/11, so
    /// Monday 16/11) open and 17 days late; I.5 has no deadline.
    /// </summary>
    private async Task<Dictionary<string, Guid>> FourBoxes()
    {
        var s = await ImportPlan();
        fixture.Clock.SetUtcNow(Vn(11, 24, 12));
        await Do(s["I.2"], "acknowledge", new { });
        fixture.Clock.SetUtcNow(Vn(11, 26));
        await Do(s["I.3"], "complete", new { evidence = "Báo cáo tổng kết" });
        fixture.Clock.SetUtcNow(Vn(11, 28));
        await Do(s["I.1"], "complete", new { });
        fixture.Clock.SetUtcNow(Vn(11, 30));
        await Do(s["I.2"], "progress", new { percent = 40 });
        fixture.Clock.SetUtcNow(Vn(12, 3));
        return s;
    }

    [Fact]
    public async Task Each_assignment_falls_in_one_of_the_four_boxes_and_the_rates_follow()
    {
        await FourBoxes();
        var card = await Card(Science);
        var total = card.GetProperty("total");
        Assert.Equal((5, 1, 1, 1, 1, 1), (Int(total, "assigned"), Int(total, "completedOnTime"), Int(total, "completedLate"),
            Int(total, "openInTime"), Int(total, "openOverdue"), Int(total, "noDeadline")));
        // 1 on time ÷ (2 completed + 1 open overdue).
        Assert.Equal(0.3333, total.GetProperty("onTimeRate").GetDouble());
        Assert.Equal(11.5, total.GetProperty("averageDaysLate").GetDouble());
        Assert.Equal(17, Int(total, "worstDaysLate"));
        // First answers after 2 h (I.2), 48 h (I.3) and 96 h (I.1).
        Assert.Equal(48, total.GetProperty("medianHoursToAcknowledge").GetDouble());
        Assert.Equal(2, Int(total, "notYetAcknowledged"));
        Assert.Equal("2026-11-30", total.GetProperty("lastReportOn").GetString());
        Assert.Equal(0, Int(total, "backdated"));
        var plan = Assert.Single(card.GetProperty("plans").EnumerateArray());
        Assert.Equal("91/KH-UBND", plan.GetProperty("planNumber").GetString());
        Assert.Equal(total.GetRawText(), plan.GetProperty("figures").GetRawText());

        // Across agencies, worst first; finance has nothing judged yet, so no rate, and goes last.
        var book = await Client.GetFromJsonAsync<JsonElement>("/api/scorecards");
        Assert.Equal([Science, Finance], book.GetProperty("scorecards").EnumerateArray().Select(c => c.GetProperty("agencyId").GetString()));
        Assert.Equal(JsonValueKind.Null, book.GetProperty("scorecards")[1].GetProperty("total").GetProperty("onTimeRate").ValueKind);
        Assert.Equal(6, Int(book.GetProperty("all"), "assigned"));
        var byAssigned = await Client.GetFromJsonAsync<JsonElement>("/api/scorecards?sort=assigned&order=asc");
        Assert.Equal(Finance, byAssigned.GetProperty("scorecards")[0].GetProperty("agencyId").GetString());
        var badSort = await Client.GetAsync("/api/scorecards?sort=luck");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Contains("onTimeRate", (await badSort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/scorecards/so-khong-co")).StatusCode);
    }

    [Fact]
    public async Task An_extension_counts_from_the_day_it_was_recorded_and_a_backdated_completion_by_its_effective_date()
    {
        var s = await ImportPlan();
        // I.2 due 10/12, extended on 8/12 to 20/12, done on 15/12: on time against the extended date.
        fixture.Clock.SetUtcNow(Vn(12, 8));
        await Do(s["I.2"], "extend", new { newDue = "2026-12-20", reason = "Chờ hướng dẫn của Bộ" });
        // I.1 due 1/12 (a Tuesday), extended on 5/12, then reported done with effect from 3/12: the extension was
        // not in force on 3/12, so it is two days late, and backdated.
        fixture.Clock.SetUtcNow(Vn(12, 5));
        await Do(s["I.1"], "extend", new { newDue = "2026-12-10", reason = "Bổ sung hồ sơ" });
        await Do(s["I.1"], "complete", new { effectiveOn = "2026-12-03" });
        // I.6 due Saturday 5/12 (so Monday 7/12), recorded on 9/12 as done on 4/12: on time, backdated.
        fixture.Clock.SetUtcNow(Vn(12, 9));
        await Do(s["I.6"], "complete", new { effectiveOn = "2026-12-04" });
        fixture.Clock.SetUtcNow(Vn(12, 15));
        await Do(s["I.2"], "complete", new { });

        var science = (await Card(Science)).GetProperty("total");
        Assert.Equal((1, 1, 2), (Int(science, "completedOnTime"), Int(science, "completedLate"), Int(science, "openOverdue")));
        Assert.Equal(1, Int(science, "backdated"));
        var finance = (await Card(Finance)).GetProperty("total");
        Assert.Equal((1, 0, 1), (Int(finance, "completedOnTime"), Int(finance, "completedLate"), Int(finance, "backdated")));
        Assert.Equal(1.0, finance.GetProperty("onTimeRate").GetDouble());
    }

    [Fact]
    public async Task A_reassigned_duty_moves_to_the_new_agency_with_its_clock_to_answer_restarted()
    {
        var s = await ImportPlan();
        fixture.Clock.SetUtcNow(Vn(11, 25));
        await Do(s["I.2"], "reassign", new { agencyId = Finance, reason = "Thuộc lĩnh vực tài chính" });
        fixture.Clock.SetUtcNow(Vn(11, 25, 16));
        await Do(s["I.2"], "acknowledge", new { });
        Assert.Equal(4, Int((await Card(Science)).GetProperty("total"), "assigned"));
        var finance = (await Card(Finance)).GetProperty("total");
        Assert.Equal(2, Int(finance, "assigned"));
        Assert.Equal(6, finance.GetProperty("medianHoursToAcknowledge").GetDouble());
    }

    [Fact]
    public async Task The_scorecards_as_of_a_moment_equal_what_they_showed_at_that_moment()
    {
        var snapshots = new List<(DateTimeOffset At, string Book, string Card)>();
        async Task Snapshot()
        {
            snapshots.Add((fixture.Clock.GetUtcNow(), await Client.GetStringAsync("/api/scorecards"), await Client.GetStringAsync($"/api/scorecards/{Science}")));
            // What is recorded next happens after the snapshot's moment, as it would in life.
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var s = await ImportPlan();
        await Snapshot();
        fixture.Clock.SetUtcNow(Vn(11, 26));
        await Do(s["I.3"], "complete", new { });
        await Do(s["I.2"], "acknowledge", new { });
        await Snapshot();
        fixture.Clock.SetUtcNow(Vn(12, 2));
        await Snapshot(); // nothing recorded, but I.1 (due 1/12) has become overdue
        await Do(s["I.1"], "extend", new { newDue = "2026-12-20", reason = "Chờ kinh phí" });
        await Do(s["I.4"], "reassign", new { agencyId = Finance, reason = "Chuyển lĩnh vực" });
        fixture.Clock.SetUtcNow(Vn(12, 9));
        await Do(s["I.6"], "complete", new { effectiveOn = "2026-12-04" });
        await Do(s["I.5"], "withdraw", new { reason = "Không còn cần thiết" });
        await Snapshot();
        fixture.Clock.SetUtcNow(Vn(12, 30));
        await Do(s["I.2"], "complete", new { effectiveOn = "2026-12-12" });

        Assert.Contains("\"openOverdue\":1,", snapshots[1].Card); // I.4
        Assert.Contains("\"openOverdue\":2,", snapshots[2].Card); // and I.1
        foreach (var (at, book, card) in snapshots)
        {
            var q = "?asOf=" + Uri.EscapeDataString(at.ToString("O"));
            Assert.Equal(book, await Client.GetStringAsync("/api/scorecards" + q));
            Assert.Equal(card, await Client.GetStringAsync($"/api/scorecards/{Science}" + q));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/scorecards?asOf=" + Uri.EscapeDataString(Vn(12, 31).ToString("O")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/scorecards/{Science}?asOf=" + Uri.EscapeDataString(Vn(11, 1).ToString("O")))).StatusCode);
    }

    [Fact]
    public async Task Projections_rebuilt_from_the_events_by_the_command_line_give_the_same_scorecards()
    {
        var s = await FourBoxes();
        await Do(s["I.4"], "reassign", new { agencyId = Finance, reason = "Chuyển lĩnh vực" });
        await Do(s["I.2"], "extend", new { newDue = "2026-12-24", reason = "Chờ kinh phí" });
        var before = await Client.GetStringAsync("/api/scorecards");
        var csvBefore = await Client.GetByteArrayAsync("/api/scorecards.csv?by=plan");

        // Lose the read model, then rebuild everything the way an operator would.
        var store = fixture.Host.Services.GetRequiredService<IDocumentStore>();
        await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(ScorecardEntry));
        Assert.Empty((await Client.GetFromJsonAsync<JsonElement>("/api/scorecards")).GetProperty("scorecards").EnumerateArray());

        var (code, output) = await RunServiceCommand("projections", "--rebuild");
        Assert.True(code == 0, output);
        Assert.Contains("Finished rebuilding ScorecardEntry", output);
        Assert.Equal(before, await Client.GetStringAsync("/api/scorecards"));
        Assert.Equal(csvBefore, await Client.GetByteArrayAsync("/api/scorecards.csv?by=plan"));
    }

    [Fact]
    public async Task The_exports_are_csv_in_utf8_with_a_byte_order_mark_and_the_vietnamese_intact()
    {
        var s = await FourBoxes();
        var response = await Client.GetAsync("/api/scorecards.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("as_of,agency_id,agency,plan_number,plan_id,assigned,completed_on_time,completed_late,open_in_time,open_overdue", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",so-khoa-hoc-va-cong-nghe--thanh-hoa,Sở Khoa học và Công nghệ,,,5,1,1,1,1,1,0,0.3333,11.5,17,48,2,2026-11-30,0", lines[1]);

        var plan = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{s["I.1"]}")).GetProperty("planId").GetGuid();
        var table = await Client.GetByteArrayAsync($"/api/plans/{plan}/assignments.csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, table[..3]);
        var rows = Encoding.UTF8.GetString(table[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, rows.Length);
        Assert.StartsWith("plan_number,section,assignment_id,agency_id,agency,role", rows[0]);
        Assert.Contains("91/KH-UBND,I.3,", rows[3]);
        Assert.Contains("Tổng kết thí điểm", rows[3]);
        Assert.Contains(",completed,completed-late,6,", rows[3]);
        Assert.Contains(",open-overdue,17,", rows[4]);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/plans/{Guid.NewGuid()}/assignments.csv")).StatusCode);
    }

    [Fact]
    public async Task A_seed_duty_completed_before_its_due_date_counts_as_done_on_time()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.ImportSeedAsync("quang-ninh-206-KH-UBND.txt")).StatusCode);
        var duty = (await Client.GetFromJsonAsync<JsonElement>("/api/assignments?agency=so-tu-phap--quang-ninh&limit=1000"))
            .GetProperty("items").EnumerateArray().First(a => a.GetProperty("due").GetString() == "2021-11-15");
        var before = (await Card("so-tu-phap--quang-ninh")).GetProperty("total");
        Assert.Equal(0, Int(before, "completedOnTime"));
        await Do(duty.GetProperty("id").GetGuid(), "complete", new { effectiveOn = "2021-11-10", evidence = "Kế hoạch số 12/KH-STP" });
        var after = (await Card("so-tu-phap--quang-ninh")).GetProperty("total");
        Assert.Equal((1, 1), (Int(after, "completedOnTime"), Int(after, "backdated")));
        Assert.Equal(Int(before, "openOverdue") - 1, Int(after, "openOverdue"));
    }

    /// <summary>Runs the built service's own command line (what ops/accountability runs) against the test database.</summary>
    internal static async Task<(int Code, string Output)> RunServiceCommand(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Accountability.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Marten"] = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        start.Environment["Auth__DevelopmentKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
