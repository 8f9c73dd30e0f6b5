using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Deadlines;
using Accountability.Notifications.Digest;
using Accountability.Time;
using Marten;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>The daily digest (Notifications/Digest): one e-mail a working day to an agency that opted in, against the in-process SMTP server.</summary>
[Collection(ServiceCollection.Name)]
public sealed class DailyDigestTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateTimeOffset Vn(int y, int m, int d, int h = 0, int min = 0) => VietnamTime.At(new DateOnly(y, m, d), new TimeOnly(h, min));

    private Task<ITrackedSession> Fire(object message) => fixture.InvokeAsync(message);

    private const string Xd = "vanthu@sxd.thanhhoa.gov.vn";
    private const string Tc = "vanthu@stc.thanhhoa.gov.vn";

    /// <summary>
    /// Two duties of the Sở Xây dựng (one due 25/11, one 02/12/2026) and one of the Sở Tài chính (25/11); the Sở Xây
    /// dựng opts in to the digest, the Sở Tài chính does not; both have an address. Returns the assignments by task.
    /// </summary>
    private async Task<Dictionary<string, Guid>> ImportAsync()
    {
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 90/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Phòng, chống thiên tai năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Xây dựng rà soát công trình xung yếu, gửi báo cáo trước ngày 25/11/2026.
            2. Sở Xây dựng kiểm tra nhà tạm, hoàn thành trước ngày 02/12/2026.
            3. Sở Tài chính bố trí kinh phí, hoàn thành trước ngày 25/11/2026.
            """;
        var response = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToList();
        var byTask = new Dictionary<string, Guid>();
        foreach (var id in ids)
            byTask[(await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}")).GetProperty("task").GetString()!] = id;
        var optIn = await Client.PutAsJsonAsync("/api/agencies/so-xay-dung--thanh-hoa", new { emails = new[] { Xd }, dailyDigest = true });
        Assert.Equal(HttpStatusCode.OK, optIn.StatusCode);
        Assert.True((await optIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dailyDigest").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync("/api/agencies/so-tai-chinh--thanh-hoa", new { emails = new[] { Tc } })).StatusCode);
        return byTask;
    }

    private static Guid Duty(Dictionary<string, Guid> tasks, string start) => tasks.Single(t => t.Key.StartsWith(start, StringComparison.Ordinal)).Value;

    private async Task<AgencyDigest?> RecordAsync(string agency, DateOnly day)
    {
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<AgencyDigest>(AgencyDigest.IdOf(agency, day));
    }

    [Fact]
    public async Task An_opted_in_agency_gets_one_digest_with_both_items_and_no_e_mail_per_notice_the_others_get_theirs()
    {
        var tasks = await ImportAsync();
        fixture.Clock.SetUtcNow(Vn(2026, 11, 26, 9));
        await Fire(new CheckDeadline(Duty(tasks, "Rà soát"), new DateOnly(2026, 11, 25)));   // overdue
        await Fire(new CheckDeadline(Duty(tasks, "Kiểm tra"), new DateOnly(2026, 12, 2)));   // the 7-day reminder
        await Fire(new CheckDeadline(Duty(tasks, "Bố trí"), new DateOnly(2026, 11, 25)));    // overdue, not opted in

        // The Sở Tài chính's overdue notice is e-mailed as before; the Sở Xây dựng's notices are not, but in its inbox.
        var perNotice = Assert.Single(fixture.Smtp.Messages);
        Assert.Equal(Tc, Assert.Single(perNotice.To.Mailboxes).Address);
        Assert.StartsWith("[Quá hạn] 90/KH-UBND", perNotice.Subject);
        var inbox = (await Client.GetFromJsonAsync<JsonElement>("/api/agencies/so-xay-dung--thanh-hoa/notifications")).EnumerateArray().Select(n => n.GetProperty("kind").GetString()).ToList();
        Assert.Contains("overdue", inbox);
        Assert.Contains("reminder", inbox);

        // Friday 27/11 at 08:00: one digest, with the overdue duty and the one due on 02/12.
        fixture.Clock.SetUtcNow(Vn(2026, 11, 27, 8));
        var run = await Fire(new SendDailyDigests(new DateOnly(2026, 11, 27)));
        Assert.Equal(2, fixture.Smtp.Messages.Count);
        var digest = fixture.Smtp.Messages.Last();
        Assert.Equal(Xd, Assert.Single(digest.To.Mailboxes).Address);
        Assert.Equal("[Tổng hợp ngày 27/11/2026] Sở Xây dựng: 1 quá hạn, 1 sắp đến hạn", digest.Subject);
        Assert.Contains("- Quá hạn 2 ngày (hạn 25/11/2026): 90/KH-UBND: Rà soát công trình xung yếu", digest.TextBody);
        Assert.Contains("- Còn 5 ngày (hạn 02/12/2026): 90/KH-UBND: Kiểm tra nhà tạm", digest.TextBody);
        Assert.Contains($"https://theo-doi.example.gov.vn/nhiem-vu/{Duty(tasks, "Kiểm tra")}", digest.HtmlBody);
        Assert.DoesNotContain("Bố trí", digest.TextBody);
        var record = await RecordAsync("so-xay-dung--thanh-hoa", new DateOnly(2026, 11, 27));
        Assert.Equal(DigestStatus.Sent, record!.Status);
        Assert.Equal(2, record.Items.Count);
        // The next day's run is scheduled on the service's clock.
        Assert.Equal(new DateOnly(2026, 11, 28), run.Scheduled.SingleMessage<SendDailyDigests>().Day);

        // Retried, replayed, or started again by a second chain: nothing more is sent.
        await Fire(new SendAgencyDigest("so-xay-dung--thanh-hoa", new DateOnly(2026, 11, 27)));
        await Fire(new SendDailyDigests(new DateOnly(2026, 11, 27)));
        fixture.Clock.SetUtcNow(Vn(2026, 11, 27, 15));
        await Fire(new SendAgencyDigest("so-xay-dung--thanh-hoa", new DateOnly(2026, 11, 27)));
        Assert.Equal(2, fixture.Smtp.Messages.Count);
        Assert.Null(await RecordAsync("so-tai-chinh--thanh-hoa", new DateOnly(2026, 11, 27)));
    }

    [Fact]
    public async Task One_batch_of_notices_starts_each_recipients_own_channels_once()
    {
        // Four agencies, each reached differently: the digest (Sở Xây dựng), e-mail (Sở Tài chính), a webhook and no
        // address (Sở Y tế), nothing at all (Sở Nội vụ). Their deadlines pass together, so their checks run as one
        // batch and the four overdue notices start their channels as one batch of their own.
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 91/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Phòng, chống dịch bệnh năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Xây dựng rà soát công trình, hoàn thành trước ngày 25/11/2026.
            2. Sở Tài chính bố trí kinh phí, hoàn thành trước ngày 25/11/2026.
            3. Sở Y tế chuẩn bị thuốc, hoàn thành trước ngày 25/11/2026.
            4. Sở Nội vụ rà soát biên chế, hoàn thành trước ngày 25/11/2026.
            """;
        var response = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync("/api/agencies/so-xay-dung--thanh-hoa", new { emails = new[] { Xd }, dailyDigest = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync("/api/agencies/so-tai-chinh--thanh-hoa", new { emails = new[] { Tc } })).StatusCode);
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0);
        Assert.True((await Client.PutAsJsonAsync("/api/agencies/so-y-te--thanh-hoa/webhook", new { url = receiver.Url })).IsSuccessStatusCode);
        var mailsBefore = fixture.Smtp.Messages.Count;

        fixture.Clock.SetUtcNow(Vn(2026, 11, 26, 9));
        var run = await fixture.InvokeAsync(ids.Select(id => new CheckDeadline(id, new DateOnly(2026, 11, 25))).ToArray());
        var batch = Assert.Single(run.Executed.MessagesOf<Accountability.Assignments.SendNotice[]>());
        Assert.Equal(4, batch.Length);

        // E-mail: one per notice, to the Sở Tài chính only (the Sở Xây dựng takes the digest, which runs on its own).
        var mail = Assert.Single(fixture.Smtp.Messages.Skip(mailsBefore), m => !(m.Subject ?? "").StartsWith("[Tổng hợp", StringComparison.Ordinal));
        Assert.Equal(Tc, Assert.Single(mail.To.Mailboxes).Address);
        Assert.StartsWith("[Quá hạn] 91/KH-UBND", mail.Subject);
        // The webhook: one post, of the Sở Y tế's notice.
        var health = await ServiceFixture.EventuallyAsync(() => Task.FromResult(receiver.Requests.ToList()), r => r.Count > 0, "the Sở Y tế's webhook");
        Assert.Contains("so-y-te--thanh-hoa", Assert.Single(health).Body);
        // E-mail not possible (no address) recorded once for each agency without one, and for no other.
        async Task<int> NoAddress(string agency)
        {
            var notices = (await Client.GetFromJsonAsync<JsonElement>($"/api/agencies/{agency}/notifications")).EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == "overdue").ToList();
            Assert.Single(notices);
            return (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{notices[0].GetProperty("assignmentId").GetGuid()}/history")).EnumerateArray()
                .Count(e => e.GetProperty("type").GetString() == "notice-dead-lettered" && e.GetRawText().Contains(notices[0].GetProperty("id").GetString()!));
        }
        Assert.Equal(1, await NoAddress("so-y-te--thanh-hoa"));
        Assert.Equal(1, await NoAddress("so-noi-vu--thanh-hoa"));
        Assert.Equal(0, await NoAddress("so-tai-chinh--thanh-hoa"));
        Assert.Equal(0, await NoAddress("so-xay-dung--thanh-hoa"));
    }

    [Theory]
    [InlineData(2026, 11, 28)] // a Saturday
    [InlineData(2027, 1, 1)]   // New Year's Day
    public async Task A_weekend_or_a_holiday_gets_no_digest_and_the_next_day_is_scheduled(int y, int m, int d)
    {
        await ImportAsync();
        var day = new DateOnly(y, m, d);
        fixture.Clock.SetUtcNow(Vn(y, m, d, 8));
        var run = await Fire(new SendDailyDigests(day));
        Assert.Empty(fixture.Smtp.Messages);
        Assert.Null(await RecordAsync("so-xay-dung--thanh-hoa", day));
        Assert.Equal(day.AddDays(1), run.Scheduled.SingleMessage<SendDailyDigests>().Day);
        // The working day after: the digest goes (the overdue duty is still open).
        var monday = new WorkingCalendar().NextWorkingDayOnOrAfter(day);
        fixture.Clock.SetUtcNow(Vn(monday.Year, monday.Month, monday.Day, 8));
        await Fire(new SendDailyDigests(monday));
        Assert.StartsWith($"[Tổng hợp ngày {monday:dd/MM/yyyy}] Sở Xây dựng", Assert.Single(fixture.Smtp.Messages).Subject);
    }

    [Fact]
    public async Task A_run_before_its_time_waits_and_a_day_with_nothing_due_sends_nothing()
    {
        await ImportAsync();
        fixture.Clock.SetUtcNow(Vn(2026, 11, 27, 6));
        var early = await Fire(new SendDailyDigests(new DateOnly(2026, 11, 27)));
        Assert.Empty(fixture.Smtp.Messages);
        Assert.Equal(new DateOnly(2026, 11, 27), early.Scheduled.SingleMessage<SendDailyDigests>().Day);

        // Opted out again: no digest, and no record of one.
        await Client.PutAsJsonAsync("/api/agencies/so-xay-dung--thanh-hoa", new { dailyDigest = false });
        Assert.False((await Client.GetFromJsonAsync<JsonElement>("/api/agencies/so-xay-dung--thanh-hoa")).GetProperty("dailyDigest").GetBoolean());
        fixture.Clock.SetUtcNow(Vn(2026, 11, 27, 8));
        await Fire(new SendDailyDigests(new DateOnly(2026, 11, 27)));
        Assert.Empty(fixture.Smtp.Messages);
        Assert.Null(await RecordAsync("so-xay-dung--thanh-hoa", new DateOnly(2026, 11, 27)));
    }
}
