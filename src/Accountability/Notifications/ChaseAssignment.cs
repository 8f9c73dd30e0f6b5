using System.Security.Claims;
using Accountability.Assignments;
using Accountability.Deadlines;
using Accountability.Infrastructure;
using Accountability.Security;
using Accountability.Time;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Accountability.Notifications;

public sealed record ChaseRequest(string? Note);

/// <summary>The coordinating office chases the agency by hand ("Đôn đốc"), with an optional note.</summary>
public sealed record ChaseAssignment(Guid AssignmentId, string? Note, Sender From);

/// <summary>A second chase on the same working day (HTTP 409, with when the next is allowed).</summary>
public sealed class ChaseTooSoon(DateTimeOffset lastAt, DateTimeOffset nextAllowedAt)
    : Exception($"This assignment was chased at {TimeZoneInfo.ConvertTime(lastAt, VietnamTime.Zone):HH:mm dd/MM/yyyy}; the next chase is allowed from {TimeZoneInfo.ConvertTime(nextAllowedAt, VietnamTime.Zone):HH:mm dd/MM/yyyy} (Vietnam time), one a working day.")
{
    public DateTimeOffset NextAllowedAt { get; } = nextAllowedAt;
}

/// <summary>The chase rule, as a plain function: at most one chase per assignment per working day.</summary>
public static class ChaseRules
{
    /// <summary>The occasion of a chase on a day: its notice id holds the day, so the day's second chase is the same notice.</summary>
    public static string OccasionOn(DateOnly day) => $"chase-{day:yyyy-MM-dd}";

    /// <summary>The start (00:00 Vietnam time) of the first working day after the one the last chase fell on.</summary>
    public static DateTimeOffset NextAllowedAfter(DateTimeOffset lastChase, WorkingCalendar calendar) =>
        VietnamTime.At(calendar.NextWorkingDayOnOrAfter(VietnamTime.DateOf(lastChase).AddDays(1)), TimeOnly.MinValue);

    public static NoticeIssued Chase(Assignment a, string? note, WorkingCalendar calendar, string by, DateTimeOffset now)
    {
        if (a.IsClosed) throw new AssignmentRuleBroken($"The assignment is {a.Status.ToString().ToLowerInvariant()}; there is nothing to chase.");
        var last = (a.Notices ?? []).Where(n => n.Id.Contains(".chase-", StringComparison.Ordinal)).Select(n => (DateTimeOffset?)n.At).Max();
        if (last is { } at && NextAllowedAfter(at, calendar) is var next && now < next) throw new ChaseTooSoon(at, next);
        var due = a.Due is { } d ? $", hạn {DeadlineRules.LastDay(d, calendar):dd/MM/yyyy}" : "";
        var message = $"Đôn đốc: đề nghị {a.Agency} khẩn trương thực hiện nhiệm vụ “{Notices.Short(a.Task)}”{due}."
            + (string.IsNullOrWhiteSpace(note) ? "" : $" {note.Trim()}");
        return Notices.About(a, NoticeKind.Chase, OccasionOn(VietnamTime.DateOf(now)), a.AgencyId, message, by, now, note?.Trim());
    }
}

public static class ChaseAssignmentHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(ChaseAssignment command, Assignment? assignment, TimeProvider clock, WorkingCalendarSource calendars)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var notice = ChaseRules.Chase(assignment, command.Note, calendars.Current, command.From.Actor, clock.GetUtcNow());
        return (new UpdatedAggregate(), [notice], [new SendNotice(assignment.Id, notice.NoticeId)]);
    }
}

public static class ChaseEndpoint
{
    /// <summary>
    /// POST /api/assignments/{id}/chase {"note"?}: a "Đôn đốc" notice to the agency on every channel, recorded on the
    /// assignment's stream. At most one per assignment per working day: a second answers 409 with nextAllowedAt.
    /// </summary>
    [WolverinePost("/api/assignments/{id}/chase"), Authorize(Policy = Policies.Coordinator)]
    public static (IResult, Events, OutgoingMessages) Post(Guid id, ChaseRequest? body, [AssignmentForWriting] Assignment? assignment,
        ClaimsPrincipal user, TimeProvider clock, WorkingCalendarSource calendars, IDocumentSession session) =>
        AssignmentEndpoints.Answer(session, id, ChaseAssignmentHandler.Handle(Command(id, body, user), assignment, clock, calendars));

    /// <summary>The chase the office asked for, its note checked; the web screen sends the same.</summary>
    public static ChaseAssignment Command(Guid id, ChaseRequest? body, ClaimsPrincipal user) =>
        new(id, FreeText.Optional("note", body?.Note, FreeText.Note), new Sender(Caller.From(user).Actor));
}
