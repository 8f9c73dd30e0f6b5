using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Accountability.Tests.Web;

/// <summary>
/// The web app in a real browser, one journey per role, each screen checked with axe and photographed for docs/web.md.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebJourneyTests(BrowserFixture browser)
{
    private const string Seed = "bo-ldtbxh-629-QD-LDTBXH.txt";
    private const string PlanNumber = "629/QĐ-LĐTBXH";

    [Fact]
    public async Task The_office_imports_a_plan_corrects_a_row_confirms_it_finds_it_late_and_downloads_it_as_Excel()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await browser.CheckScreenAsync(page, "dang-nhap");
        await BrowserFixture.SignInAsync(page, "Văn phòng điều phối");

        // Nhập kế hoạch: the file is read into a draft; nothing is issued yet.
        await Nav(page, "Nhập kế hoạch").ClickAsync();
        await browser.CheckScreenAsync(page, "nhap-ke-hoach");
        await page.GetByLabel("Tệp kế hoạch").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Seeds", Seed));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đọc kế hoạch" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Bản nháp: {PlanNumber}" })).ToBeVisibleAsync();

        // One row corrected: its task gets a clarification, and the page shows the draft's new value.
        var task = page.GetByLabel("Nhiệm vụ, dòng 1", new() { Exact = true });
        var corrected = (await task.InputValueAsync()).Trim() + " (văn phòng đã làm rõ)";
        await task.FillAsync(corrected);
        await page.Locator("tr", new() { Has = task }).GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã lưu dòng.");
        await Expect(page.GetByLabel("Nhiệm vụ, dòng 1", new() { Exact = true })).ToHaveValueAsync(corrected);
        await browser.CheckScreenAsync(page, "ban-nhap");

        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã xác nhận kế hoạch");

        // Kế hoạch: found by its number; a 2020 plan's open duties are overdue, in red.
        await Nav(page, "Kế hoạch").ClickAsync();
        await page.GetByLabel("Tìm theo số hoặc trích yếu").FillAsync("629");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm" }).ClickAsync();
        await browser.CheckScreenAsync(page, "ke-hoach");
        await page.GetByRole(AriaRole.Link, new() { Name = PlanNumber }).ClickAsync();
        var rows = page.Locator("tbody tr");
        var total = await rows.CountAsync();
        Assert.True(total > 5, $"the plan page lists {total} assignments");
        await Expect(page.Locator("tbody tr.s-red").First).ToContainTextAsync("Quá hạn");
        await Expect(page.GetByText(corrected)).ToBeVisibleAsync();
        await browser.CheckScreenAsync(page, "ke-hoach-chi-tiet");

        // Xuất Excel: a real workbook, read back.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Xuất Excel" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"web-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        AssertWorkbook(file, total, corrected);
        File.Delete(file);

        // Cảnh báo: the plan's overdue rows, in red.
        await Nav(page, "Cảnh báo").ClickAsync();
        var overdue = page.Locator("section[aria-labelledby=qua-han] tbody tr.s-red", new() { HasText = PlanNumber });
        Assert.True(await overdue.CountAsync() > 0, "the plan's overdue rows are under Cảnh báo");
        await Expect(overdue.First).ToContainTextAsync("Quá hạn");
        await browser.CheckScreenAsync(page, "canh-bao");
        // "Đôn đốc" chases the agency once a working day: the second press the same day is explained, not repeated.
        await overdue.First.GetByRole(AriaRole.Button, new() { Name = "Đôn đốc" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã đôn đốc");
        await page.Locator("section[aria-labelledby=qua-han] tbody tr.s-red", new() { HasText = PlanNumber }).First.GetByRole(AriaRole.Button, new() { Name = "Đôn đốc" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("đã được đôn đốc trong ngày làm việc hôm nay");

        foreach (var (link, name) in new[] { ("Bảng điểm", "bang-diem"), ("Cơ quan", "co-quan"), ("Tổng quan", "tong-quan") })
        {
            await Nav(page, link).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = link, Level = 1 })).ToBeVisibleAsync();
            await browser.CheckScreenAsync(page, name);
        }
        await Expect(page.Locator(".box.s-red .count")).Not.ToHaveTextAsync("0");

        // On a phone the same screen fits its width.
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.SignInAsync(phone, "Văn phòng điều phối");
        await browser.CheckScreenAsync(phone, "tong-quan-dien-thoai");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the overview fits a phone's width");
    }

    [Fact]
    public async Task The_inspector_reads_the_screens_but_is_offered_no_import()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "Thanh tra");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tổng quan", Level = 1 })).ToBeVisibleAsync();
        await Expect(Nav(page, "Nhập kế hoạch")).ToHaveCountAsync(0);
        await page.GotoAsync("/nhap-ke-hoach");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Không có quyền" })).ToBeVisibleAsync();
        await browser.CheckScreenAsync(page, "khong-co-quyen");
    }

    [Fact]
    public async Task An_agency_reads_its_inbox_acknowledges_reports_progress_with_a_PDF_asks_for_more_time_and_completes()
    {
        // Two plans give the Sở Nội vụ a duty each; the office chases both, so its inbox holds two unread notices.
        var duties = new List<Guid>();
        foreach (var number in new[] { "915", "916" })
        {
            var issued = await browser.Api().PostAsync("/api/plans", new StringContent(Integration.ServiceFixture.Plan(number, duties: 2), System.Text.Encoding.UTF8, "text/plain"));
            Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
            var id = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("assignments")[0].GetGuid();
            var chased = await browser.Api().PostAsJsonAsync($"/api/assignments/{id}/chase", new { note = $"Đề nghị báo cáo kế hoạch {number} trước thứ Sáu." });
            Assert.True(chased.IsSuccessStatusCode, await chased.Content.ReadAsStringAsync());
            duties.Add(id);
        }

        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "Cơ quan thực hiện", "Sở Nội vụ");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hộp thư", Level = 1 })).ToBeVisibleAsync();
        // Unread: in words on each row and beside "Hộp thư" in the navigation (for a screen reader too: "2 chưa đọc").
        await Expect(InboxLink(page)).ToHaveAccessibleNameAsync(new Regex("^Hộp thư\\s*2 chưa đọc$"));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Chưa đọc" })).ToHaveCountAsync(2);
        await browser.CheckScreenAsync(page, "hop-thu");
        await Expect(Nav(page, "Tổng quan")).ToHaveCountAsync(0);

        // Opening a notice reads it; the other stays unread until "Đánh dấu tất cả đã đọc".
        await page.GetByRole(AriaRole.Link, new() { Name = "Đôn đốc" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đôn đốc", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("trước thứ Sáu").First).ToBeVisibleAsync();
        await Expect(InboxLink(page)).ToHaveAccessibleNameAsync(new Regex("^Hộp thư\\s*1 chưa đọc$"));
        await browser.CheckScreenAsync(page, "hop-thu-thong-bao");
        await InboxLink(page).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Chưa đọc" })).ToHaveCountAsync(1);
        await Expect(InboxLink(page)).ToHaveAccessibleNameAsync(new Regex("^Hộp thư\\s*1 chưa đọc$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đánh dấu tất cả đã đọc" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã đánh dấu tất cả thông báo là đã đọc.");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Chưa đọc" })).ToHaveCountAsync(0);
        await Expect(InboxLink(page)).ToHaveAccessibleNameAsync("Hộp thư");

        await Nav(page, "Nhiệm vụ").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sở Tư pháp" })).ToHaveCountAsync(0);
        await browser.CheckScreenAsync(page, "nhiem-vu");
        await page.GotoAsync($"/nhiem-vu/{duties[0]}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã tiếp nhận nhiệm vụ.");

        // Progress with a PDF: stored, listed, downloaded as sent.
        var pdf = Integration.EvidenceTests.Pdf("Báo cáo tiến độ quý IV");
        await page.GetByLabel("Tỷ lệ hoàn thành (%)").FillAsync("60");
        await page.GetByLabel("Ghi chú").FillAsync("Đã rà soát 30 thủ tục.");
        await page.GetByLabel("Tệp minh chứng kèm báo cáo").SetInputFilesAsync(new FilePayload { Name = "bao-cao-tien-do.pdf", MimeType = "application/pdf", Buffer = pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Báo cáo tiến độ" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã gửi báo cáo tiến độ.");
        await Expect(page.GetByText("tiến độ 60%")).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "bao-cao-tien-do.pdf" }).ClickAsync());
        Assert.Equal("bao-cao-tien-do.pdf", download.SuggestedFilename);
        Assert.Equal(pdf, await File.ReadAllBytesAsync((await download.PathAsync())!));

        // A program renamed .pdf is refused in words, and nothing of that completion is kept.
        byte[] program = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0];
        await page.GetByLabel("Tệp minh chứng hoàn thành").SetInputFilesAsync(new FilePayload { Name = "bien-ban.pdf", MimeType = "application/pdf", Buffer = program });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hoàn thành", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("«bien-ban.pdf» không được nhận");
        await Expect(page.GetByText("tiến độ 60%")).ToBeVisibleAsync();

        // More time: the proposed date and the reason; the page says the request waits for the office.
        await page.GetByLabel("Hạn đề nghị").FillAsync("31/12/2026");
        await page.GetByLabel("Lý do", new() { Exact = true }).FillAsync("Chờ ý kiến của Bộ Nội vụ.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đề nghị gia hạn" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã gửi đề nghị gia hạn");
        await Expect(page.GetByText("đến 31/12/2026, đang chờ văn phòng điều phối xem xét")).ToBeVisibleAsync();
        await browser.CheckScreenAsync(page, "nhiem-vu-chi-tiet");

        await page.GetByLabel("Tệp minh chứng hoàn thành").SetInputFilesAsync(new FilePayload { Name = "bien-ban.pdf", MimeType = "application/pdf", Buffer = Integration.EvidenceTests.Pdf("Biên bản") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hoàn thành", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã báo cáo hoàn thành.");
        await Expect(page.GetByText("Hoàn thành · tiến độ 100%")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "bien-ban.pdf" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận" })).ToHaveCountAsync(0);
        await browser.CheckScreenAsync(page, "nhiem-vu-hoan-thanh");
    }

    private static ILocator InboxLink(IPage page) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Điều hướng chính" }).GetByRole(AriaRole.Link, new() { Name = "Hộp thư" });

    /// <summary>A link of the main navigation.</summary>
    private static ILocator Nav(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Điều hướng chính" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    private static void AssertWorkbook(string file, int rows, string corrected)
    {
        using var document = SpreadsheetDocument.Open(file, false);
        var part = document.WorkbookPart!;
        var sheet = part.WorksheetParts.Single().Worksheet;
        var data = sheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        var header = data[0].Elements<Cell>().Select(c => c.InnerText).ToList();
        Assert.Equal("Số kế hoạch", header[0]);
        Assert.Contains("Hạn", header);
        Assert.Equal(rows + 1, data.Count);
        // Dates are numbers with a date format; the corrected task is there; the header row is frozen and filtered.
        var due = header.IndexOf("Hạn");
        var dated = data.Skip(1).Select(r => r.Elements<Cell>().ElementAt(due)).First(c => c.CellValue is not null);
        Assert.True(double.TryParse(dated.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture, out var serial) && serial > 40_000, $"a due date is a date serial: {dated.CellValue.Text}");
        var format = part.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)dated.StyleIndex!.Value);
        Assert.Equal(164u, format.NumberFormatId!.Value);
        Assert.Contains(data.Skip(1), r => r.InnerText.Contains(corrected));
        Assert.NotNull(sheet.GetFirstChild<AutoFilter>());
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.PaneStateValues.Frozen, sheet.Descendants<Pane>().Single().State!.Value);
        Assert.Matches(new Regex("^A1:[A-Z]+\\d+$"), sheet.GetFirstChild<AutoFilter>()!.Reference!.Value!);
    }
}
