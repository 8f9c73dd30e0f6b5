using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Deadlines;
using Accountability.Notifications;
using Accountability.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>Deadline timers, notices in inboxes, and webhook delivery, with the service's clock moved by the test.</summary>
[Collection(ServiceCollection.Name)]
public sealed class NotificationTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateTimeOffset Vn(int y, int m, int d, int h = 0, int min = 0) => VietnamTime.At(new DateOnly(y, m, d), new TimeOnly(h, min));

    /// <summary>A one-duty plan for the Sở Xây dựng of Thanh Hóa, due on the given date.</summary>
    private async Task<(Guid Id, ITrackedSession Tracked)> ImportDuty(string due, string number = "77")
    {
        var plan = $"""
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: {number}/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Phòng, chống thiên tai năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Xây dựng rà soát công trình xung yếu, gửi báo cáo trước ngày {due}.
            """;
        var (response, tracked) = await fixture.ImportTrackedAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
        return (id, tracked);
    }

    private async Task<List<JsonElement>> Inbox(string agency) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/agencies/{agency}/notifications")).EnumerateArray().ToList();

    /// <summary>The types of the assignment's events, in order (its history).</summary>
    private async Task<List<string>> Types(Guid id) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/history")).EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();

    private async Task<JsonElement> Assignment(Guid id) => await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}");

    private static CheckDeadline NextTimer(ITrackedSession tracked) => tracked.Scheduled.SingleMessage<CheckDeadline>();

    /// <summary>Runs a message and waits for what it sets in motion; a deadline check runs as the batch of one it is when it comes due alone.</summary>
    private Task<ITrackedSession> Fire(object message) => fixture.InvokeAsync(message);

    [Fact]
    public async Task Reminders_then_the_overdue_check_fire_at_their_instants_and_not_a_tick_before()
    {
        // Thursday 26/11/2026; the clock starts on Tuesday 24/11 at 10:00, past the 7- and 3-day reminders.
        var (id, imported) = await ImportDuty("26/11/2026");
        var inbox = await Inbox("so-xay-dung--thanh-hoa");
        var first = Assert.Single(inbox); // only the latest reminder that has come, not one per missed reminder
        Assert.Equal("reminder", first.GetProperty("kind").GetString());
        Assert.Equal(id, first.GetProperty("assignmentId").GetGuid());
        Assert.Equal(2, first.GetProperty("daysLeft").GetInt32());
        Assert.Contains("26/11/2026", first.GetProperty("message").GetString());

        var oneDay = NextTimer(imported);
        Assert.Equal(Vn(2026, 11, 25, 8), oneDay.At);
        fixture.Clock.SetUtcNow(oneDay.At!.Value);
        var reminded = await Fire(oneDay);
        Assert.Equal(2, (await Inbox("so-xay-dung--thanh-hoa")).Count);

        var deadline = NextTimer(reminded);
        Assert.Equal(Vn(2026, 11, 27), deadline.At); // 24:00 on the 26th, Vietnam time
        fixture.Clock.SetUtcNow(deadline.At!.Value.AddTicks(-1));
        // An instant early it issues no notice and sets itself again for that instant: nothing to wait for (on the
        // frozen clock, waiting for notice batches would see that timer come round again).
        var early = await fixture.Host.InvokeMessageAndWaitAsync(new[] { deadline }, 60_000);
        Assert.Equal(JsonValueKind.Null, (await Assignment(id)).GetProperty("overdueMarkedFor").ValueKind);
        Assert.Equal(deadline, NextTimer(early)); // set again for the same instant

        fixture.Clock.SetUtcNow(deadline.At!.Value);
        var fired = await Fire(deadline);
        var marked = await Assignment(id);
        Assert.Equal("2026-11-26", marked.GetProperty("overdueMarkedFor").GetString());
        Assert.Equal("overdue", (await Inbox("so-xay-dung--thanh-hoa"))[0].GetProperty("kind").GetString());

        // Escalation after two working days overdue: Friday 27/11 and Monday 30/11.
        var escalation = NextTimer(fired);
        Assert.Equal(Vn(2026, 12, 1), escalation.At);
        fixture.Clock.SetUtcNow(escalation.At!.Value);
        await Fire(escalation);
        var office = Assert.Single(await Inbox(fixture.Policy.CoordinatingOffice));
        Assert.Equal("escalation", office.GetProperty("kind").GetString());
        Assert.Equal("so-xay-dung--thanh-hoa", office.GetProperty("agencyId").GetString());
        Assert.Equal(3, (await Inbox("so-xay-dung--thanh-hoa")).Count); // the escalation went to the office, not the agency
    }

    [Theory]
    [InlineData("05/02/2027", "2027-02-10")] // Tết 2027 in February: 5/2 to 9/2 off
    [InlineData("25/01/2028", "2028-01-31")] // Tết 2028 in late January: 25/1 to 29/1 off, then the weekend
    [InlineData("27/11/2026", "2026-11-27")] // a Friday: no shift
    [InlineData("28/11/2026", "2026-11-30")] // a Saturday: Monday
    public async Task A_deadline_on_a_day_off_passes_at_the_end_of_the_next_working_day(string written, string lastDay)
    {
        var (id, _) = await ImportDuty(written);
        var last = DateOnly.Parse(lastDay);
        var passes = VietnamTime.At(last.AddDays(1), TimeOnly.MinValue);
        var due = DateOnly.ParseExact(written, "dd/MM/yyyy");

        fixture.Clock.SetUtcNow(passes.AddSeconds(-1));
        await Fire(new CheckDeadline(id, due));
        Assert.Equal(JsonValueKind.Null, (await Assignment(id)).GetProperty("overdueMarkedFor").ValueKind);
        var alerts = await Client.GetFromJsonAsync<JsonElement>("/api/alerts");
        var soon = Assert.Single(alerts.GetProperty("dueSoon").EnumerateArray());
        Assert.Equal(lastDay, soon.GetProperty("lastDay").GetString());

        fixture.Clock.SetUtcNow(passes);
        await Fire(new CheckDeadline(id, due));
        Assert.Equal(due.ToString("yyyy-MM-dd"), (await Assignment(id)).GetProperty("overdueMarkedFor").GetString());
        alerts = await Client.GetFromJsonAsync<JsonElement>("/api/alerts");
        Assert.Equal(id, Assert.Single(alerts.GetProperty("overdue").EnumerateArray()).GetProperty("assignmentId").GetGuid());
    }

    [Fact]
    public async Task An_extension_sets_new_timers_and_the_old_one_does_nothing_when_it_fires()
    {
        var (id, imported) = await ImportDuty("26/11/2026");
        var oldTimer = NextTimer(imported);
        var extended = await fixture.TrackAsync(async () =>
            await Client.PostAsJsonAsync($"/api/assignments/{id}/extend", new { newDue = "2027-01-15", reason = "Mưa bão kéo dài" }), 60_000);
        var newTimer = NextTimer(extended);
        Assert.Equal(new DateOnly(2027, 1, 15), newTimer.Due);
        Assert.Equal(Vn(2027, 1, 8, 8), newTimer.At); // the 7-day reminder of the new date

        // The old deadline passes: its timer finds the date moved and neither marks nor tells anyone.
        var before = (await Assignment(id)).GetProperty("version").GetInt32();
        fixture.Clock.SetUtcNow(Vn(2026, 11, 28));
        var stale = await Fire(oldTimer with { At = Vn(2026, 11, 27) });
        Assert.Empty(stale.Scheduled.MessagesOf<CheckDeadline>());
        var after = await Assignment(id);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("overdueMarkedFor").ValueKind);
        Assert.Equal(before, after.GetProperty("version").GetInt32()); // nothing appended
        Assert.DoesNotContain(await Inbox("so-xay-dung--thanh-hoa"), n => n.GetProperty("kind").GetString() == "overdue");
    }

    [Fact]
    public async Task Deadlines_that_pass_while_the_service_is_down_are_marked_once_after_a_restart()
    {
        var (id, _) = await ImportDuty("25/11/2026");
        fixture.Clock.SetUtcNow(Vn(2026, 11, 27, 9));
        await fixture.RestartAsync();

        var marked = await ServiceFixture.EventuallyAsync(() => Assignment(id),
            a => a.GetProperty("overdueMarkedFor").ValueKind == JsonValueKind.String, "the start-up sweep to mark the assignment overdue");
        Assert.Equal("2026-11-25", marked.GetProperty("overdueMarkedFor").GetString());
        var overdue = await ServiceFixture.EventuallyAsync(() => Inbox("so-xay-dung--thanh-hoa"),
            inbox => inbox.Any(n => n.GetProperty("kind").GetString() == "overdue"), "the overdue notice");
        Assert.Single(overdue, n => n.GetProperty("kind").GetString() == "overdue");
        Assert.Equal(["assignment-marked-overdue"], (await Types(id)).Where(t => t.Contains("overdue")));
    }

    [Fact]
    public async Task Replaying_the_same_check_gives_no_second_notice_and_no_second_mark()
    {
        var (id, _) = await ImportDuty("25/11/2026");
        fixture.Clock.SetUtcNow(Vn(2026, 11, 26, 9));
        var check = new CheckDeadline(id, new DateOnly(2026, 11, 25));
        var first = await Fire(check);
        var again = await Fire(check);
        var replayTimer = await Fire(check with { At = Vn(2026, 11, 26) });

        // Issued, the reminder, the mark and the overdue notice (with e-mail not possible for each notice: no address).
        Assert.Equal(["assignment-issued", "notice-issued", "notice-dead-lettered", "assignment-marked-overdue", "notice-issued", "notice-dead-lettered"], await Types(id));
        var inbox = await Inbox("so-xay-dung--thanh-hoa");
        Assert.Single(inbox, n => n.GetProperty("kind").GetString() == "overdue");
        Assert.Single(inbox, n => n.GetProperty("kind").GetString() == "reminder"); // from the import, the day before
        // A timer that found its notice already written sets no further timer: duplicates die out.
        Assert.Empty(replayTimer.Scheduled.MessagesOf<CheckDeadline>());
        Assert.Single(first.Scheduled.MessagesOf<CheckDeadline>());
        Assert.Single(again.Scheduled.MessagesOf<CheckDeadline>()); // a "look now" check always keeps the chain going
    }

    [Fact]
    public async Task Past_deadlines_of_an_old_plan_give_one_overdue_notice_per_assignment_and_one_escalation()
    {
        await fixture.ImportSeedAsync("quang-ninh-206-KH-UBND.txt");
        var police = await Inbox("cong-an-tinh--quang-ninh");
        var overdue = police.Where(n => n.GetProperty("kind").GetString() == "overdue").ToList();
        Assert.NotEmpty(overdue);
        Assert.Equal(overdue.Count, overdue.Select(n => n.GetProperty("assignmentId").GetGuid()).Distinct().Count());
        Assert.DoesNotContain(police, n => n.GetProperty("kind").GetString() is "reminder" or "overdue-reminder");
        // Every overdue assignment is long past its grace period: one escalation each to the office, no more.
        var all = (await Client.GetFromJsonAsync<JsonElement>("/api/notifications?limit=1000")).EnumerateArray().ToList();
        var overdueIds = all.Where(n => n.GetProperty("kind").GetString() == "overdue").Select(n => n.GetProperty("assignmentId").GetGuid()).Order().ToList();
        var escalated = all.Where(n => n.GetProperty("kind").GetString() == "escalation").ToList();
        Assert.Equal(overdueIds, escalated.Select(n => n.GetProperty("assignmentId").GetGuid()).Order().ToList());
        Assert.All(escalated, n => Assert.Equal(fixture.Policy.CoordinatingOffice, n.GetProperty("recipient").GetString()));
        var alerts = await Client.GetFromJsonAsync<JsonElement>("/api/alerts?limit=1000");
        Assert.Equal(alerts.GetProperty("overdue").GetArrayLength(), overdueIds.Count);
        Assert.Equal(alerts.GetProperty("overdueTotal").GetInt32(), overdueIds.Count);
    }

    [Fact]
    public async Task A_webhook_that_fails_twice_then_succeeds_gets_the_notice_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        var (id, _) = await ImportDuty("15/12/2026");
        var put = await Client.PutAsJsonAsync("/api/agencies/so-xay-dung--thanh-hoa/webhook", new { url = receiver.Url, secret = "bí mật" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        fixture.Clock.SetUtcNow(Vn(2026, 12, 8, 8)); // the 7-day reminder
        await Fire(new CheckDeadline(id, new DateOnly(2026, 12, 15), Vn(2026, 12, 8, 8)));
        var notice = await ServiceFixture.EventuallyAsync(async () => (await Inbox("so-xay-dung--thanh-hoa")).Single(),
            n => n.GetProperty("delivery").GetProperty("status").GetString() == "delivered", "the webhook delivery after two failures");
        Assert.Equal(3, notice.GetProperty("delivery").GetProperty("attempts").GetInt32());

        // Replaying the last delivery message changes nothing.
        await Fire(new DeliverNotice(notice.GetProperty("id").GetString()!, 3));
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests, r => r.Answered == 200);
        Assert.All(receiver.Requests, r => Assert.Equal(notice.GetProperty("id").GetString(), r.IdempotencyKey));
        var delivered = receiver.Requests.Single(r => r.Answered == 200);
        Assert.Equal(["1", "2", "3"], receiver.Requests.Select(r => r.Attempt ?? ""));
        using var body = JsonDocument.Parse(delivered.Body);
        Assert.Equal("reminder", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal(id, body.RootElement.GetProperty("assignmentId").GetGuid());
        Assert.Contains("Sở Xây dựng", body.RootElement.GetProperty("message").GetString()); // Vietnamese intact
        // Standard Webhooks: the same webhook-id on every attempt, each attempt's own timestamp, and the signature over
        // "id.timestamp.body", so a receiver that refuses old timestamps and seen ids refuses a replay.
        Assert.All(receiver.Requests, r => Assert.Equal(notice.GetProperty("id").GetString(), r.WebhookId));
        var signed = Encoding.UTF8.GetBytes($"{delivered.WebhookId}.{delivered.Timestamp}.{delivered.Body}");
        var expected = "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("bí mật"), signed));
        Assert.Equal(expected, delivered.Signature);
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(), delivered.Timestamp);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_dead_lettered_for_the_coordinator_who_can_send_it_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 4); // every attempt of the test policy
        var (id, _) = await ImportDuty("15/12/2026");
        await Client.PutAsJsonAsync("/api/agencies/so-xay-dung--thanh-hoa/webhook", new { url = receiver.Url });
        fixture.Clock.SetUtcNow(Vn(2026, 12, 8, 8));
        await Fire(new CheckDeadline(id, new DateOnly(2026, 12, 15)));

        var failed = await ServiceFixture.EventuallyAsync(async () => (await Client.GetFromJsonAsync<JsonElement>("/api/notifications?status=failed")).EnumerateArray().ToList(),
            list => list.Count == 1, "the delivery to be dead-lettered");
        var delivery = failed[0].GetProperty("delivery");
        Assert.Equal(fixture.Policy.WebhookAttempts, delivery.GetProperty("attempts").GetInt32());
        Assert.Contains("500", delivery.GetProperty("lastError").GetString());
        Assert.Equal(4, receiver.Requests.Count);

        var noticeId = failed[0].GetProperty("id").GetString()!;
        var again = await Client.PostAsync($"/api/notifications/{noticeId}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await ServiceFixture.EventuallyAsync(async () => (await Inbox("so-xay-dung--thanh-hoa")).Single(),
            n => n.GetProperty("delivery").GetProperty("status").GetString() == "delivered", "the redelivery");
        Assert.Single(receiver.Requests, r => r.Answered == 200);
        var twice = await Client.PostAsync($"/api/notifications/{noticeId}/redeliver", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task A_reassigned_overdue_assignment_tells_the_new_agency_at_once()
    {
        var (id, _) = await ImportDuty("25/11/2026");
        fixture.Clock.SetUtcNow(Vn(2026, 11, 26, 9));
        await Fire(new CheckDeadline(id, new DateOnly(2026, 11, 25)));
        await Client.PostAsJsonAsync($"/api/agencies/so-xay-dung--thanh-hoa/webhook", new { url = "http://127.0.0.1:9/unused" }); // not the new agency's
        await ImportDuty("30/12/2026", number: "78"); // a plan that names the Sở Xây dựng again: no new agency
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 79/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Kiểm tra an toàn công trình
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Giao thông vận tải kiểm tra cầu yếu trước ngày 30/12/2026.
            """;
        await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        var moved = await fixture.TrackAsync(async () =>
            await Client.PostAsJsonAsync($"/api/assignments/{id}/reassign", new { agencyId = "so-giao-thong-van-tai--thanh-hoa", reason = "Đúng chức năng quản lý" }), 60_000);
        Assert.Single(moved.Executed.MessagesOf<CheckDeadline>());
        var told = Assert.Single(await Inbox("so-giao-thong-van-tai--thanh-hoa"), n => n.GetProperty("assignmentId").GetGuid() == id);
        Assert.Equal("overdue", told.GetProperty("kind").GetString());
        Assert.Single(await Inbox("so-xay-dung--thanh-hoa"), n => n.GetProperty("assignmentId").GetGuid() == id && n.GetProperty("kind").GetString() == "overdue");
    }

    [Fact]
    public async Task Inboxes_and_webhooks_answer_bad_requests_with_problem_details()
    {
        await ImportDuty("15/12/2026");
        var unknown = await Client.GetAsync("/api/agencies/no-such-agency/notifications");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var badUrl = await Client.PutAsJsonAsync("/api/agencies/so-xay-dung--thanh-hoa/webhook", new { url = "ftp://example.org/x" });
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Contains("http", (await badUrl.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/agencies/so-xay-dung--thanh-hoa/webhook")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/notifications?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/agencies/so-xay-dung--thanh-hoa/notifications?kind=reminders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/agencies/{fixture.Policy.CoordinatingOffice}/notifications")).StatusCode);
    }

    [Fact]
    public async Task An_agency_declines_the_office_is_told_and_insists_or_reassigns()
    {
        var (id, _) = await ImportDuty("15/12/2026");
        var url = $"/api/assignments/{id}";
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsJsonAsync($"{url}/decline", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync($"{url}/insist", new { reason = "Đúng chức năng" })).StatusCode);

        var declined = await Client.PostAsJsonAsync($"{url}/decline", new { reason = "Không thuộc chức năng của Sở" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var view = await declined.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("declined", view.GetProperty("status").GetString());
        Assert.Equal("Không thuộc chức năng của Sở", view.GetProperty("declineReason").GetString());
        var told = Assert.Single(await Inbox(fixture.Policy.CoordinatingOffice));
        Assert.Equal("declined", told.GetProperty("kind").GetString());
        Assert.Contains("Không thuộc chức năng của Sở", told.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync($"{url}/decline", new { reason = "again" })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync($"{url}/progress", new { percent = 10 })).StatusCode);
        var insisted = await Client.PostAsJsonAsync($"{url}/insist", new { reason = "Theo Quyết định phân công" });
        Assert.Equal("issued", (await insisted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Contains(await Inbox("so-xay-dung--thanh-hoa"), n => n.GetProperty("kind").GetString() == "insisted");

        await Client.PostAsJsonAsync($"{url}/decline", new { reason = "Vẫn không thuộc chức năng" });
        Assert.Equal(2, (await Inbox(fixture.Policy.CoordinatingOffice)).Count); // a second decline is a second notice
    }

    [Fact]
    public async Task A_years_announced_days_off_move_deadlines_and_bad_calendars_are_refused()
    {
        var (id, _) = await ImportDuty("04/01/2027");
        var before = await Client.GetFromJsonAsync<JsonElement>("/api/calendar/2027");
        Assert.False(before.GetProperty("announced").GetBoolean());
        Assert.Contains(before.GetProperty("publicHolidays").EnumerateArray(), h => h.GetProperty("date").GetString() == "2027-02-06");

        // Monday 4/1/2027 given off (swapped with a Saturday): the deadline ends on Tuesday, and the open
        // deadline of that year is looked at again at once.
        HttpResponseMessage? put = null;
        var loaded = await fixture.TrackAsync(async () =>
            put = await Client.PutAsJsonAsync("/api/calendar/2027", new { extraDaysOff = new[] { "2027-01-04" }, makeUpWorkingDays = new[] { "2027-01-09" } }), 60_000);
        Assert.Equal(HttpStatusCode.OK, put!.StatusCode);
        Assert.Equal(id, loaded.Executed.SingleMessage<CheckDeadline>().AssignmentId);
        Assert.Equal(Vn(2026, 12, 29, 8), NextTimer(loaded).At); // 7 days before Tuesday 5/1
        fixture.Clock.SetUtcNow(Vn(2027, 1, 4, 12));
        var alerts = await Client.GetFromJsonAsync<JsonElement>("/api/alerts");
        Assert.Equal("2027-01-05", Assert.Single(alerts.GetProperty("dueSoon").EnumerateArray()).GetProperty("lastDay").GetString());
        fixture.Clock.SetUtcNow(Vn(2027, 1, 5, 12));
        await Fire(new CheckDeadline(id, new DateOnly(2027, 1, 4)));
        Assert.Equal(JsonValueKind.Null, (await Assignment(id)).GetProperty("overdueMarkedFor").ValueKind);
        fixture.Clock.SetUtcNow(Vn(2027, 1, 6));
        await Fire(new CheckDeadline(id, new DateOnly(2027, 1, 4)));
        Assert.Equal("2027-01-04", (await Assignment(id)).GetProperty("overdueMarkedFor").GetString());

        var bad = await Client.PutAsJsonAsync("/api/calendar/2027", new { makeUpWorkingDays = new[] { "2027-01-06", "2026-12-26" }, nationalDaySecondDay = "2027-09-05" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var detail = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("06/01/2027 is a Wednesday", detail);
        Assert.Contains("26/12/2026 is not in 2027", detail);
        Assert.Contains("1/9 or 3/9", detail);
        var holiday = await Client.PutAsJsonAsync("/api/calendar/2027", new { makeUpWorkingDays = new[] { "2027-02-06" } });
        Assert.Contains("public holiday", (await holiday.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.True((await Client.GetFromJsonAsync<JsonElement>("/api/calendar/2027")).GetProperty("announced").GetBoolean()); // the good one stays
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/calendar/1800")).StatusCode);
    }
}

/// <summary>An agency's webhook receiver on a real port: answers 500 to the first N posts, then 200.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string? IdempotencyKey, string? Attempt, string? Signature, string Body, int Answered, string? WebhookId = null, string? Timestamp = null);

    private readonly WebApplication _app;
    private int _seen;

    public ConcurrentQueue<Received> Requests { get; } = new();
    public string Url { get; private set; } = "";

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Answers 500 to the first <paramref name="failFirst"/> requests; holds the very first open for <paramref name="holdFirstFor"/> (so a test can kill the sender mid-delivery).</summary>
    public static async Task<WebhookReceiver> StartAsync(int failFirst, TimeSpan holdFirstFor = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
            var seen = Interlocked.Increment(ref receiver._seen);
            var status = seen <= failFirst ? 500 : 200;
            receiver.Requests.Enqueue(new Received(request.Headers["Idempotency-Key"], request.Headers["X-Accountability-Attempt"],
                request.Headers["webhook-signature"], body, status, request.Headers["webhook-id"], request.Headers["webhook-timestamp"]));
            if (seen == 1 && holdFirstFor > TimeSpan.Zero) await Task.Delay(holdFirstFor);
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Notices as part of the record: events on the assignment's stream, chained, e-mailed, chased.</summary>
[Collection(ServiceCollection.Name)]
public sealed class NoticeRecordTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateTimeOffset Vn(int y, int m, int d, int h = 0, int min = 0) => VietnamTime.At(new DateOnly(y, m, d), new TimeOnly(h, min));

    /// <summary>Runs a message and waits for what it sets in motion; a deadline check runs as the batch of one it is when it comes due alone.</summary>
    private Task<ITrackedSession> Fire(object message) => fixture.InvokeAsync(message);

    private Task<ITrackedSession> Send(Func<Task<HttpResponseMessage>> call, HttpStatusCode expected) =>
        fixture.TrackAsync(async () => Assert.Equal(expected, (await call()).StatusCode), 60_000);

    /// <summary>A plan of Thanh Hóa whose one duty, for the Sở Xây dựng, is due on 25/11/2026 (the day after the tests' start).</summary>
    private async Task<Guid> ImportDuty()
    {
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 81/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Phòng, chống thiên tai năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Xây dựng rà soát công trình xung yếu, gửi báo cáo trước ngày 25/11/2026.
            """;
        var response = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
    }

    private async Task<List<JsonElement>> History(Guid id) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/history")).EnumerateArray().ToList();

    [Fact]
    public async Task Every_notice_kind_is_an_event_in_the_history_and_the_chain_and_a_changed_one_is_caught()
    {
        var id = await ImportDuty(); // the 1-day reminder, at once
        var due = new DateOnly(2026, 11, 25);
        fixture.Clock.SetUtcNow(Vn(2026, 11, 26, 9));
        await Fire(new CheckDeadline(id, due)); // overdue
        fixture.Clock.SetUtcNow(Vn(2026, 11, 28, 9));
        await Fire(new CheckDeadline(id, due)); // escalation after two working days (26 and 27/11)
        fixture.Clock.SetUtcNow(Vn(2026, 12, 3, 9));
        await Fire(new CheckDeadline(id, due)); // the weekly repeat
        var url = $"/api/assignments/{id}";
        await Send(() => Client.PostAsJsonAsync($"{url}/chase", new { note = "Đề nghị báo cáo trước 17 giờ." }), HttpStatusCode.OK);
        await Send(() => Client.PostAsJsonAsync($"{url}/decline", new { reason = "Không thuộc chức năng" }), HttpStatusCode.OK);
        await Send(() => Client.PostAsJsonAsync($"{url}/insist", new { reason = "Theo phân công" }), HttpStatusCode.OK);

        var history = await History(id);
        var notices = history.Where(h => h.GetProperty("type").GetString() == "notice-issued").ToList();
        Assert.Equal(["reminder", "overdue", "escalation", "overdue-reminder", "chase", "declined", "insisted"],
            notices.Select(n => n.GetProperty("data").GetProperty("kind").GetString()));
        Assert.All(notices, n => Assert.Matches("^[0-9a-f]{64}$", n.GetProperty("hash").GetString()!));
        Assert.Equal(["deadline", "deadline", "deadline", "deadline"], notices.Take(4).Select(n => n.GetProperty("actor").GetString()));
        // E-mail was not possible for each (the Sở Xây dựng has no address): recorded, in the same actor field.
        Assert.Equal(7, history.Count(h => h.GetProperty("type").GetString() == "notice-dead-lettered"));
        Assert.All(history, h => Assert.NotEqual("unknown", h.GetProperty("actor").GetString()));

        // The inbox and the office's inbox are what the events say.
        var inbox = (await Client.GetFromJsonAsync<JsonElement>("/api/agencies/so-xay-dung--thanh-hoa/notifications")).EnumerateArray().ToList();
        Assert.Equal(5, inbox.Count); // reminder, overdue, repeat, chase, insisted
        Assert.All(inbox, n => Assert.Equal("not-possible", n.GetProperty("email").GetProperty("status").GetString()));

        // As of a moment before the escalation, the assignment knew of two notices.
        var then = await Client.GetFromJsonAsync<JsonElement>($"{url}?asOf={Uri.EscapeDataString(Vn(2026, 11, 27).ToString("O"))}");
        Assert.Equal(2, then.GetProperty("notices").GetArrayLength());

        var verified = await Client.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verified.GetProperty("ok").GetBoolean(), verified.GetRawText());

        var escalation = notices[2].GetProperty("version").GetInt64();
        await fixture.SqlAsync($"UPDATE accountability.mt_events SET data = jsonb_set(data, '{{recipient}}', '\"so-xay-dung\"') WHERE stream_id = '{id}' AND version = {escalation}");
        var tampered = await Client.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.False(tampered.GetProperty("ok").GetBoolean());
        var broken = Assert.Single(tampered.GetProperty("broken").EnumerateArray());
        Assert.Equal(escalation, broken.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task An_overdue_notice_and_a_chase_are_emailed_once_in_Vietnamese_with_the_link()
    {
        var id = await ImportDuty();
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync("/api/agencies/so-xay-dung--thanh-hoa", new { emails = new[] { "vanthu@sxd.thanhhoa.gov.vn" } })).StatusCode);
        fixture.Clock.SetUtcNow(Vn(2026, 11, 26, 9));
        await Fire(new CheckDeadline(id, new DateOnly(2026, 11, 25)));

        var overdue = Assert.Single(fixture.Smtp.Messages);
        Assert.Equal("vanthu@sxd.thanhhoa.gov.vn", Assert.Single(overdue.To.Mailboxes).Address);
        Assert.Equal("[Quá hạn] 81/KH-UBND: Rà soát công trình xung yếu, gửi báo cáo trước ngày 25/11/2026.", overdue.Subject);
        Assert.Contains("đã quá hạn ngày 25/11/2026", overdue.TextBody);
        Assert.Contains("Kế hoạch: 81/KH-UBND", overdue.TextBody);
        Assert.Contains($"https://theo-doi.example.gov.vn/nhiem-vu/{id}", overdue.TextBody);
        Assert.Contains($"href=\"https://theo-doi.example.gov.vn/nhiem-vu/{id}\"", overdue.HtmlBody);

        // The delivery replayed (a retry that raced a success) sends nothing more.
        var notice = (await Client.GetFromJsonAsync<JsonElement>("/api/agencies/so-xay-dung--thanh-hoa/notifications?kind=overdue"))[0];
        Assert.Equal("delivered", notice.GetProperty("email").GetProperty("status").GetString());
        await Fire(new DeliverNotice(notice.GetProperty("id").GetString()!, 1, "email"));
        Assert.Single(fixture.Smtp.Messages);

        // A chase, by hand: one a working day; the second answers 409 with when the next is allowed.
        await Send(() => Client.PostAsJsonAsync($"/api/assignments/{id}/chase", new { note = "Đề nghị gửi báo cáo ngay." }), HttpStatusCode.OK);
        Assert.Equal(2, fixture.Smtp.Messages.Count);
        var chase = fixture.Smtp.Messages.Last();
        Assert.StartsWith("[Đôn đốc] 81/KH-UBND", chase.Subject);
        Assert.Contains("Đề nghị gửi báo cáo ngay.", chase.TextBody);
        var again = await Client.PostAsJsonAsync($"/api/assignments/{id}/chase", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Vn(2026, 11, 27), problem.GetProperty("nextAllowedAt").GetDateTimeOffset());
        Assert.Equal(2, fixture.Smtp.Messages.Count);
        fixture.Clock.SetUtcNow(Vn(2026, 11, 27, 8));
        await Send(() => Client.PostAsJsonAsync($"/api/assignments/{id}/chase", new { }), HttpStatusCode.OK);
        Assert.Equal(3, fixture.Smtp.Messages.Count);
        // Only the coordinator chases.
        var agency = fixture.ClientWith(fixture.Token(Accountability.Security.Roles.Agency, "so-xay-dung--thanh-hoa"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agency.PostAsJsonAsync($"/api/assignments/{id}/chase", new { })).StatusCode);
    }

    [Fact]
    public async Task An_agency_without_an_address_gets_its_inbox_notice_and_the_coordinator_sees_email_was_not_possible()
    {
        var id = await ImportDuty();
        var inbox = Assert.Single((await Client.GetFromJsonAsync<JsonElement>("/api/agencies/so-xay-dung--thanh-hoa/notifications")).EnumerateArray());
        Assert.Equal("reminder", inbox.GetProperty("kind").GetString());
        Assert.Empty(fixture.Smtp.Messages);
        var office = Assert.Single((await Client.GetFromJsonAsync<JsonElement>("/api/notifications?status=not-possible")).EnumerateArray());
        Assert.Equal(id, office.GetProperty("assignmentId").GetGuid());
        Assert.Contains("no e-mail address", office.GetProperty("email").GetProperty("lastError").GetString());

        // Once the directory has an address, the coordinator sends it again: it arrives.
        await Client.PutAsJsonAsync("/api/agencies/so-xay-dung--thanh-hoa", new { emails = new[] { "vanthu@sxd.thanhhoa.gov.vn" } });
        await Send(() => Client.PostAsync($"/api/notifications/{office.GetProperty("id").GetString()}/redeliver", null), HttpStatusCode.Accepted);
        Assert.StartsWith("[Nhắc hạn]", Assert.Single(fixture.Smtp.Messages).Subject);
        Assert.Contains(await History(id), h => h.GetProperty("type").GetString() == "notice-redelivered");
    }
}

/// <summary>Extension requests: the agency asks, the office grants or refuses, each an event with a reason, both sides told.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ExtensionRequestTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid[]> Import()
    {
        var response = await fixture.ImportAsync(new StringContent(ServiceFixture.Plan("93", duties: 2), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToArray();
    }

    private async Task<List<string>> Kinds(string inbox) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/agencies/{inbox}/notifications")).EnumerateArray().Select(n => n.GetProperty("kind").GetString()!).ToList();

    [Fact]
    public async Task A_request_granted_moves_the_deadline_and_one_refused_keeps_it()
    {
        var ids = await Import();
        var first = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[0]}");
        var agency = first.GetProperty("agencyId").GetString()!;
        var url = $"/api/assignments/{ids[0]}/extension-requests";

        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsJsonAsync(url, new { proposedDue = "2026-12-01", reason = "Sớm hơn" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync($"{url}/grant", new { reason = "Không có đề nghị" })).StatusCode);
        var asked = await Client.PostAsJsonAsync(url, new { proposedDue = "2027-01-31", reason = "Chờ số liệu của các huyện" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("2027-01-31", (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pendingExtension").GetProperty("proposedDue").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync(url, new { proposedDue = "2027-02-28", reason = "Lần nữa" })).StatusCode);
        Assert.Contains("extension-requested", await Kinds(fixture.Policy.CoordinatingOffice));
        // Only the office decides; an agency's token is refused.
        var own = fixture.ClientWith(fixture.Token(Accountability.Security.Roles.Agency, agency));
        Assert.Equal(HttpStatusCode.Forbidden, (await own.PostAsJsonAsync($"{url}/grant", new { reason = "Tự duyệt" })).StatusCode);

        var granted = await fixture.TrackAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"{url}/grant", new { reason = "Lý do chính đáng", newDue = "2027-01-15" })).StatusCode), 60_000);
        var after = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[0]}");
        Assert.Equal("2027-01-15", after.GetProperty("due").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("pendingExtension").ValueKind);
        Assert.Equal(new DateOnly(2027, 1, 15), granted.Scheduled.SingleMessage<CheckDeadline>().Due); // timers for the new date
        Assert.Contains("extension-granted", await Kinds(agency));
        var types = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[0]}/history")).EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(types.IndexOf("extension-granted") + 1, types.IndexOf("deadline-extended"));

        var second = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[1]}");
        var other = $"/api/assignments/{ids[1]}/extension-requests";
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync(other, new { proposedDue = "2027-03-01", reason = "Thiếu kinh phí" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsJsonAsync($"{other}/refuse", new { reason = " " })).StatusCode);
        // Waited for with what it sets in motion (the notice's delivery), so the chain check below sees a settled stream.
        await fixture.TrackAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"{other}/refuse", new { reason = "Kinh phí đã bố trí đủ" })).StatusCode), 60_000);
        Assert.Equal(second.GetProperty("due").GetString(), (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[1]}")).GetProperty("due").GetString());
        var told = (await Client.GetFromJsonAsync<JsonElement>($"/api/agencies/{second.GetProperty("agencyId").GetString()}/notifications?kind=extension-refused"))[0];
        Assert.Contains("Kinh phí đã bố trí đủ", told.GetProperty("message").GetString());
        var verified = await Client.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verified.GetProperty("ok").GetBoolean(), verified.GetRawText());
    }
}
