using System.Globalization;
using System.Net;
using Accountability.Assignments;
using Accountability.Deadlines;
using Accountability.Time;
using Marten;
using MimeKit;
using Wolverine;

namespace Accountability.Notifications.Digest;

/// <summary>The day's digests: one per opted-in agency, on a working day (a Vietnam date).</summary>
public sealed record SendDailyDigests(DateOnly Day);

/// <summary>One agency's digest of one day.</summary>
public sealed record SendAgencyDigest(string AgencyId, DateOnly Day);

public enum DigestStatus { Sending, Sent, Failed, Empty }

/// <summary>One line of a digest: an open assignment overdue or due within <see cref="DailyDigests.DueSoonDays"/> days.</summary>
public sealed record DigestItem(Guid AssignmentId, Guid PlanId, string Task, DateOnly Due, DateOnly LastDay, bool Overdue, int Days);

/// <summary>
/// The record of one agency's digest of one day (id "{agency}/{yyyy-MM-dd}"): claimed before the mail server is
/// called, so a retry, a restart or a second node finds it and sends nothing. What it listed stays with it.
/// </summary>
public sealed record AgencyDigest(string Id, string AgencyId, DateOnly Day, DigestStatus Status, DateTimeOffset ClaimedAt, IReadOnlyList<DigestItem> Items)
{
    public DateTimeOffset? SentAt { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<string> To { get; init; } = [];

    public static string IdOf(string agencyId, DateOnly day) => $"{agencyId}/{day:yyyy-MM-dd}";
}

/// <summary>The day a day's run was handled: a second chain (a restart, another node) finds it and stops.</summary>
public sealed record DigestRun(string Id, DateTimeOffset At);

/// <summary>
/// The daily digest (docs/notices.md): an agency that opted in on the directory (dailyDigest) gets one e-mail a working
/// day listing its overdue work and what falls due soon, instead of an e-mail per deadline notice (reminder, overdue,
/// repeat). Its inbox still gets every notice, and notices of other kinds (a chase, a decision) are still e-mailed.
/// </summary>
public static class DailyDigests
{
    /// <summary>"Due soon" in a digest: the last day falls within this many days (the first reminder's distance).</summary>
    public const int DueSoonDays = 7;

    /// <summary>The notice kinds a digest stands in for, by e-mail.</summary>
    public static bool CoveredBy(string kind) => kind is NoticeKind.Reminder or NoticeKind.Overdue or NoticeKind.OverdueReminder;

    /// <summary>Whether the recipient of a notice takes its deadline notices by digest.</summary>
    public static bool Takes(Agencies.Agency? recipient, string kind) => CoveredBy(kind) && recipient?.DailyDigest == true;

    /// <summary>When a day's digests go out: Notifications:DigestTime (Vietnam time), 08:00 by default, with the reminders.</summary>
    public static TimeOnly TimeOf(IConfiguration configuration) =>
        TimeOnly.TryParse(configuration["Notifications:DigestTime"], CultureInfo.InvariantCulture, out var t) ? t : new TimeOnly(8, 0);

    /// <summary>An agency's open work overdue at <paramref name="now"/> or whose deadline passes within <see cref="DueSoonDays"/> days: overdue first, oldest first.</summary>
    public static async Task<IReadOnlyList<DigestItem>> ItemsAsync(IQuerySession session, string agencyId, DateTimeOffset now, WorkingCalendar calendar, CancellationToken ct)
    {
        var overdueUpTo = DeadlineRules.LatestDuePassedBy(now, calendar);
        var soonUpTo = DeadlineRules.LatestDuePassedBy(now + TimeSpan.FromDays(DueSoonDays), calendar);
        var today = VietnamTime.DateOf(now);
        var open = await session.Query<DeadlineAlert>()
            .Where(a => a.AgencyId == agencyId && a.Due != null && a.Due <= soonUpTo)
            .OrderBy(a => a.Due).ThenBy(a => a.Id).Take(500).ToListAsync(ct);
        return open.Select(a =>
        {
            var last = DeadlineRules.LastDay(a.Due!.Value, calendar);
            var overdue = a.Due <= overdueUpTo;
            return new DigestItem(a.Id, a.PlanId, a.Task, a.Due.Value, last, overdue, overdue ? today.DayNumber - last.DayNumber : last.DayNumber - today.DayNumber);
        }).OrderByDescending(i => i.Overdue).ThenBy(i => i.Due).ToList();
    }

    public static MimeMessage Compose(SmtpSettings smtp, string? publicUrl, Agencies.Agency agency, DateOnly day, IReadOnlyList<DigestItem> items,
        IReadOnlyDictionary<Guid, string?> planNumbers, IReadOnlyList<string> to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        foreach (var address in to) message.To.Add(MailboxAddress.Parse(address));
        // One Message-ID per agency and day: a mail system that sees a second copy can drop it.
        message.MessageId = $"digest.{agency.Id}.{day:yyyy-MM-dd}@accountability";
        var overdue = items.Count(i => i.Overdue);
        message.Subject = $"[Tổng hợp ngày {day:dd/MM/yyyy}] {agency.Name}: {overdue} quá hạn, {items.Count - overdue} sắp đến hạn";
        string Line(DigestItem i) => i.Overdue ? $"Quá hạn {i.Days} ngày (hạn {i.LastDay:dd/MM/yyyy})" : $"Còn {i.Days} ngày (hạn {i.LastDay:dd/MM/yyyy})";
        string? Link(DigestItem i) => string.IsNullOrEmpty(publicUrl) ? null : $"{publicUrl.TrimEnd('/')}/nhiem-vu/{i.AssignmentId}";
        string Plan(DigestItem i) => planNumbers.GetValueOrDefault(i.PlanId) is { } n ? n + ": " : "";
        var text = $"Kính gửi {agency.Name},\n\nCác nhiệm vụ quá hạn và sắp đến hạn (trong {DueSoonDays} ngày) của cơ quan, tính đến ngày {day:dd/MM/yyyy}:\n\n"
            + string.Concat(items.Select(i => $"- {Line(i)}: {Plan(i)}{i.Task}\n" + (Link(i) is { } l ? $"  Xem nhiệm vụ: {l}\n" : "")))
            + "\nThư tổng hợp này thay cho thư nhắc hạn và thư báo quá hạn từng nhiệm vụ; hộp thư trên hệ thống vẫn có đủ từng thông báo.\n"
            + "Thư này do hệ thống theo dõi thực hiện nhiệm vụ gửi tự động.\n";
        var html = $"<p>Kính gửi {WebUtility.HtmlEncode(agency.Name)},</p>\n<p>Các nhiệm vụ quá hạn và sắp đến hạn (trong {DueSoonDays} ngày) của cơ quan, tính đến ngày {day:dd/MM/yyyy}:</p>\n<ul>\n"
            + string.Concat(items.Select(i => $"<li><strong>{WebUtility.HtmlEncode(Line(i))}</strong>: {WebUtility.HtmlEncode(Plan(i) + i.Task)}"
                + (Link(i) is { } l ? $" (<a href=\"{WebUtility.HtmlEncode(l)}\">xem nhiệm vụ</a>)" : "") + "</li>\n"))
            + "</ul>\n<p><small>Thư tổng hợp này thay cho thư nhắc hạn và thư báo quá hạn từng nhiệm vụ; hộp thư trên hệ thống vẫn có đủ từng thông báo. "
            + "Thư này do hệ thống theo dõi thực hiện nhiệm vụ gửi tự động.</small></p>\n";
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }
}

/// <summary>
/// A day's run: on a working day, one <see cref="SendAgencyDigest"/> per opted-in agency; every day, the next day's run
/// scheduled on the service's clock (a durable message). A day already run is left alone, so a second chain dies out.
/// </summary>
public static class SendDailyDigestsHandler
{
    public static async Task<OutgoingMessages> Handle(SendDailyDigests message, IDocumentSession session, SmtpSettings smtp, WorkingCalendarSource calendars,
        IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var runId = $"{message.Day:yyyy-MM-dd}";
        if (!smtp.Enabled || await session.LoadAsync<DigestRun>(runId, ct) is not null) return messages;
        var now = clock.GetUtcNow();
        var at = VietnamTime.At(message.Day, DailyDigests.TimeOf(configuration));
        // Early (the message store's clock and the service's disagree by a little): wait for the time.
        if (now < at)
        {
            messages.Add(message.DelayedFor(at - now));
            return messages;
        }
        // Insert, not store: two chains racing on one day, the loser's commit fails and its retry finds the run.
        session.Insert(new DigestRun(runId, now));
        if (calendars.Current.IsWorkingDay(message.Day))
            foreach (var agency in await session.Query<Agencies.Agency>().Where(a => a.DailyDigest && a.MergedInto == null).Select(a => a.Id).ToListAsync(ct))
                messages.Add(new SendAgencyDigest(agency, message.Day));
        var next = message.Day.AddDays(1);
        messages.Add(new SendDailyDigests(next).DelayedFor(VietnamTime.At(next, DailyDigests.TimeOf(configuration)) - now));
        return messages;
    }
}

/// <summary>
/// One agency's digest. The record is claimed (inserted, committed) before the mail server is called: a retry, a
/// restart or another node finds it and sends nothing, so a digest is never sent twice. A crash in the moment between
/// the claim and the server's answer leaves it "sending" (not sent again); the next working day's digest lists the same work.
/// </summary>
public static class SendAgencyDigestHandler
{
    public static async Task Handle(SendAgencyDigest message, IDocumentSession session, IDocumentStore store, SmtpSettings smtp, NotificationPolicy policy,
        WorkingCalendarSource calendars, TimeProvider clock, ILogger<SendAgencyDigest> log, CancellationToken ct)
    {
        var id = AgencyDigest.IdOf(message.AgencyId, message.Day);
        if (!smtp.Enabled || await session.LoadAsync<AgencyDigest>(id, ct) is not null) return;
        if (await session.LoadAsync<Agencies.Agency>(message.AgencyId, ct) is not { DailyDigest: true } agency) return;
        var now = clock.GetUtcNow();
        var items = await DailyDigests.ItemsAsync(session, agency.Id, now, calendars.Current, ct);
        var to = await EmailNotices.AddressesOf(session, agency.Id, ct);
        var digest = new AgencyDigest(id, agency.Id, message.Day, items.Count == 0 ? DigestStatus.Empty : DigestStatus.Sending, now, items) { To = to };
        if (items.Count > 0 && to.Count == 0) digest = digest with { Status = DigestStatus.Failed, Error = EmailNotices.NoAddress };
        // The claim, in a transaction of its own: committed before anything is sent.
        await using (var claim = store.LightweightSession())
        {
            claim.Insert(digest);
            await claim.SaveChangesAsync(ct);
        }
        if (digest.Status != DigestStatus.Sending) return;

        var planIds = items.Select(i => i.PlanId).Distinct().ToArray();
        var numbers = (await session.LoadManyAsync<Plans.Plan>(ct, planIds)).ToDictionary(p => p.Id, p => p.Number);
        var mail = DailyDigests.Compose(smtp, policy.PublicUrl, agency, message.Day, items, numbers, to);
        var failure = await EmailNotices.SendAsync(smtp, mail, ct);
        session.Store(failure is null
            ? digest with { Status = DigestStatus.Sent, SentAt = clock.GetUtcNow() }
            : digest with { Status = DigestStatus.Failed, Error = failure.Words });
        if (failure is not null) log.LogError("The daily digest of {Agency} for {Day} was not sent: {Error}", agency.Id, message.Day, failure.Detail);
    }
}

/// <summary>
/// At start-up, with a mail server: today's run (which waits for Notifications:DigestTime, or does nothing when today
/// ran already) and so the chain of days, brought back if the message store lost it.
/// </summary>
public sealed class DailyDigestStarter(SmtpSettings smtp, IServiceScopeFactory scopes, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!smtp.Enabled) return;
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new SendDailyDigests(VietnamTime.Today(clock)));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
