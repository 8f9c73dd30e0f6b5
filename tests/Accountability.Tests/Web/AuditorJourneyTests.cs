using System.Net.Http.Json;
using System.Text.Json;
using Accountability.Tests.Integration;
using Accountability.Time;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Accountability.Tests.Web;

/// <summary>
/// The inspector ("Thanh tra") in a real browser: finds an assignment, reads its timeline with the notices and their
/// deliveries, looks at it as it stood before the chase, runs "Kiểm tra toàn vẹn", downloads a checkpoint and uploads it back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditorJourneyTests(BrowserFixture browser)
{
    private const string Duty = "bố trí kinh phí kiểm tra đê điều";
    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>
    /// A 2026 plan whose one duty for the Sở Tài chính is past due: overdue at import, told at once (no address yet, so
    /// "e-mail not possible"); then an address, a moment, and a chase that the test SMTP server receives.
    /// </summary>
    private async Task<(Guid Id, DateTimeOffset BeforeChase)> StageAsync(HttpClient api)
    {
        var plan = $"""
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 917/KH-UBND
            Thanh Hóa, ngày 01 tháng 10 năm 2026
            KẾ HOẠCH
            Phòng, chống thiên tai năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Tài chính {Duty}, hoàn thành trước ngày 20/10/2026.
            """;
        var issued = await api.PostAsync("/api/plans", new StringContent(plan, System.Text.Encoding.UTF8, "text/plain"));
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        var id = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
        await Types(api, id, "notice-dead-lettered");
        Assert.True((await api.PutAsJsonAsync("/api/agencies/so-tai-chinh--thanh-hoa", new { emails = new[] { "vanthu@stc.thanhhoa.gov.vn" } })).IsSuccessStatusCode);
        // The screen takes whole seconds: the next whole second, after the issue and the dead letter (which may fall in
        // this very second) and still before the chase, 1.5 s later.
        var now = DateTimeOffset.UtcNow;
        var before = now.AddTicks(TimeSpan.TicksPerSecond - now.Ticks % TimeSpan.TicksPerSecond);
        await Task.Delay(1_500);
        var chased = await api.PostAsJsonAsync($"/api/assignments/{id}/chase", new { note = "Đề nghị báo cáo trước 17 giờ." });
        Assert.True(chased.IsSuccessStatusCode, await chased.Content.ReadAsStringAsync());
        await Types(api, id, "notice-delivered");
        Assert.Contains(browser.Smtp.Messages, m => (m.Subject ?? "").StartsWith("[Đôn đốc] 917/KH-UBND", StringComparison.Ordinal));
        return (id, before);
    }

    /// <summary>Waits until the assignment's history holds an event of that type.</summary>
    private static Task<List<string>> Types(HttpClient api, Guid id, string type) => ServiceFixture.EventuallyAsync(
        async () => (await api.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/history")).EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList(),
        types => types.Contains(type), $"a {type} event on {id}", 60_000);

    [Fact]
    public async Task The_inspector_reads_a_timeline_with_its_notices_looks_as_of_a_moment_and_checks_the_chain_against_a_kept_checkpoint()
    {
        var api = browser.Api();
        var (id, beforeChase) = await StageAsync(api);
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "Thanh tra");

        // Thanh tra: found by words of its task.
        await Nav(page, "Thanh tra").ClickAsync();
        await page.GetByLabel("Từ khóa trong nhiệm vụ").FillAsync("kinh phí kiểm tra đê");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm" }).ClickAsync();
        await browser.CheckScreenAsync(page, "thanh-tra");
        await page.GetByRole(AriaRole.Link, new() { Name = "Xem dòng thời gian: Sở Tài chính" }).ClickAsync();

        // The timeline: every event, notices and their deliveries included, each with its hash.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dòng thời gian nhiệm vụ" })).ToBeVisibleAsync();
        var rows = page.Locator("table.timeline tbody tr");
        await Expect(rows.First).ToContainTextAsync("Giao nhiệm vụ");
        await Expect(rows.Filter(new() { HasText = "Thông báo: Quá hạn" })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { HasText = "Không gửi được" }).First).ToContainTextAsync("chưa có địa chỉ thư điện tử");
        var chase = rows.Filter(new() { HasText = "Thông báo: Đôn đốc" });
        await Expect(chase).ToContainTextAsync("Đề nghị báo cáo trước 17 giờ.");
        await Expect(rows.Filter(new() { HasText = "Đã gửi được" }).Last).ToContainTextAsync("thư điện tử, lần 1");
        await Expect(chase.Locator("code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{12}…$"));
        var all = await rows.CountAsync();
        await browser.CheckScreenAsync(page, "thanh-tra-dong-thoi-gian", fullPage: true);

        // As of the moment before the chase: one notice, the chase and what followed not shown.
        var at = TimeZoneInfo.ConvertTime(beforeChase, VietnamTime.Zone);
        await page.GetByLabel("Xem tại ngày").FillAsync(at.ToString("dd/MM/yyyy", Inv));
        await page.GetByLabel("Giờ", new() { Exact = true }).FillAsync(at.ToString("HH:mm:ss", Inv));
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nhiệm vụ tại " + at.ToString("dd/MM/yyyy HH:mm:ss", Inv) })).ToBeVisibleAsync();
        await Expect(rows.Filter(new() { HasText = "Thông báo: Đôn đốc" })).ToHaveCountAsync(0);
        await Expect(rows.Filter(new() { HasText = "Thông báo: Quá hạn" })).ToHaveCountAsync(1);
        Assert.True(await rows.CountAsync() < all, "fewer events as of the moment before the chase");
        await Expect(page.GetByText("sự kiện ghi sau thời điểm này không hiện")).ToBeVisibleAsync();
        await browser.CheckScreenAsync(page, "thanh-tra-thoi-diem", fullPage: true);
        // A date that cannot be read is said so, in words.
        await page.GetByLabel("Xem tại ngày").FillAsync("31/02/2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ngày không hợp lệ");

        // Kiểm tra toàn vẹn: the whole chain holds.
        await Nav(page, "Kiểm tra toàn vẹn").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra toàn vẹn" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Không có sự kiện nào bị sửa, thêm, xóa hay ẩn ngoài hệ thống.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Toàn vẹn", Exact = true })).ToBeVisibleAsync();
        await browser.CheckScreenAsync(page, "kiem-tra-toan-ven");

        // A signed checkpoint, downloaded, then uploaded back: it matches.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải điểm kiểm tra" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.json");
        await download.SaveAsAsync(file);
        var kept = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        Assert.Equal("accountability-checkpoint/v1", kept.GetProperty("format").GetString());
        Assert.Contains(kept.GetProperty("heads").EnumerateArray(), h => h.GetProperty("stream").GetGuid() == id);
        await page.GetByLabel("Điểm kiểm tra đã lưu").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "So sánh với dữ liệu hiện tại" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("So với điểm kiểm tra đã tải lên");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("khớp — mọi lịch sử có lúc đó vẫn còn nguyên.");
        await browser.CheckScreenAsync(page, "kiem-tra-toan-ven-so-sanh");

        // Hostile uploads: not JSON, and a checkpoint changed after it was signed, each answered in words.
        var notJson = Path.ChangeExtension(file, ".txt");
        await File.WriteAllTextAsync(notJson, "đây không phải JSON");
        await page.GetByLabel("Điểm kiểm tra đã lưu").SetInputFilesAsync(notJson);
        await page.GetByRole(AriaRole.Button, new() { Name = "So sánh với dữ liệu hiện tại" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("không phải JSON hợp lệ");
        var changed = (await File.ReadAllTextAsync(file)).Replace($"\"events\":{kept.GetProperty("events").GetInt64()}", $"\"events\":{kept.GetProperty("events").GetInt64() + 1}");
        await File.WriteAllTextAsync(file, changed);
        await page.GetByLabel("Điểm kiểm tra đã lưu").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "So sánh với dữ liệu hiện tại" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Điểm kiểm tra này không đáng tin");
        File.Delete(file);
        File.Delete(notJson);

        // The office's plan page leads to the same timeline.
        await page.GotoAsync($"/thanh-tra/nhiem-vu/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "917/KH-UBND" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Duty, Exact = false }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/thanh-tra/nhiem-vu/{id}$"));
    }

    private static ILocator Nav(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Điều hướng chính" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
}
