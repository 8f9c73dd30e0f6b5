using Accountability.Assignments;
using Accountability.Time;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

namespace Accountability.Deadlines;

/// <summary>
/// A timer the service sets for itself: look at this assignment's due date. <paramref name="At"/> is the occasion
/// the timer was set for (a reminder, the deadline, an escalation, a repeat); null means "look now" (after an
/// import of past deadlines, a restart, a reassignment or a calendar change). State decides what happens, so a
/// stale timer (the work was done, the deadline extended) does nothing.
/// </summary>
public sealed record CheckDeadline(Guid AssignmentId, DateOnly Due, DateTimeOffset? At = null);

public static class CheckDeadlineHandler
{
    /// <summary>
    /// Checks that come due together (every agency's half-year report on the same day) are handled in batches of
    /// up to this many: one round trip fetches their assignments (which hold the notices already issued), one
    /// transaction appends every mark and notice, their inbox entries and the next timers. A lone check waits at
    /// most <see cref="BatchWait"/> for company (docs/benchmarks.md, deadline storm). Not larger: Marten searches a
    /// save's whole list of writes for each document it queues (four per check: the assignment, its alert, its
    /// scorecard entry, the notice), so a batch's cost grows with its square; at 500 that search was the storm's
    /// largest use of the processor.
    /// </summary>
    public const int BatchSize = 100;

    public static readonly TimeSpan BatchWait = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A check that fails for another reason (the database restarting, a timeout) is tried again later rather
    /// than dead-lettered at once: a lost check is a lost chain of notices for that assignment. A batch that lost a
    /// race (an agency reporting on one of its assignments) is tried again whole, on the new state.
    /// </summary>
    public static void Configure(HandlerChain chain)
    {
        chain.OnException<JasperFx.ConcurrencyException>().Or<JasperFx.DocumentAlreadyExistsException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(150))
            .Then.ScheduleRetry(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))
            .Then.ScheduleRetry(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6));
    }

    /// <summary>
    /// A batch of checks: every assignment fetched for writing in one round trip, each decided by <see cref="Decide"/>,
    /// all appended in the one transaction Wolverine commits with the outgoing messages. The version each was
    /// fetched at is checked at commit: a batch that raced an agency's report (or another node's check of the same
    /// assignment) is rolled back whole and tried again on the new state, so no mark or notice is written twice.
    /// A second check of the same assignment in one batch goes round again, to be decided on the first one's result.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(CheckDeadline[] checks, IDocumentSession session, TimeProvider clock,
        WorkingCalendarSource calendars, NotificationPolicy policy, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var first = new Dictionary<Guid, CheckDeadline>();
        foreach (var check in checks)
            if (!first.TryAdd(check.AssignmentId, check)) messages.Add(check);

        var batch = session.CreateBatchQuery();
        var fetches = first.Values.Select(check => (check, batch.Events.FetchForWriting<Assignment>(check.AssignmentId))).ToList();
        await batch.Execute(ct);

        var now = clock.GetUtcNow();
        var calendar = calendars.Current;
        foreach (var (check, fetch) in fetches)
        {
            var stream = await fetch;
            var (events, outgoing) = Decide(check, stream.Aggregate, now, calendar, policy);
            if (events.Count > 0) stream.AppendMany(events);
            messages.AddRange(outgoing);
        }
        return messages;
    }

    /// <summary>
    /// One check decided: marks the assignment overdue once its deadline has passed, issues the notices owed now
    /// (events on its stream), and sets the timer for the next occasion. Timers are chained: only the check that
    /// actually wrote this occasion's notice sets the next one, so duplicate timers (a sweep and a stored timer both
    /// firing after a restart) die out at the next occasion instead of multiplying.
    /// </summary>
    public static (List<object> Events, List<object> Messages) Decide(CheckDeadline command, Assignment? assignment, DateTimeOffset now,
        WorkingCalendar calendar, NotificationPolicy policy)
    {
        var events = new List<object>();
        var messages = new List<object>();
        // No stream (a test database reset under a timer), closed, or extended since the timer was set: nothing to do.
        if (assignment is null || assignment.IsClosed || assignment.Due != command.Due) return (events, messages);

        // Early (the service's clock and the message store's disagree by a little): wait for the occasion.
        if (command.At is { } at && now < at)
        {
            messages.Add(command.DelayedFor(at - now));
            return (events, messages);
        }

        var due = command.Due;
        if (DeadlineRules.MarkOverdue(assignment, calendar, DeadlineNotices.Actor, now) is { } marked) events.Add(marked);

        // Which notices were issued is the assignment's own state: no other document is read.
        var schedule = new NoticeSchedule(calendar, policy);
        var sent = (assignment.Notices ?? []).ToDictionary(n => n.Id, n => n.At);
        DateTimeOffset? SentAt(Occasion o) => sent.TryGetValue(DeadlineNotices.IdFor(assignment, due, o, policy), out var at) ? at : null;

        var today = VietnamTime.DateOf(now);
        var owed = schedule.Owed(due, now, SentAt);
        foreach (var occasion in owed)
        {
            var notice = DeadlineNotices.ForOccasion(assignment, due, occasion, calendar, policy, today, now);
            events.Add(notice);
            messages.Add(new SendNotice(assignment.Id, notice.NoticeId));
            sent[notice.NoticeId] = now;
        }

        if ((command.At is null || owed.Count > 0) && schedule.Next(due, now, SentAt) is { } next)
            messages.Add(new CheckDeadline(assignment.Id, due, next).DelayedFor(next - now));
        return (events, messages);
    }

    /// <summary>
    /// The first timer for a due date: "look now" (no delay) when an occasion has already come (a past deadline,
    /// a reminder day already reached), else a timer for the first occasion, the delay measured on the service's clock.
    /// </summary>
    public static (CheckDeadline Timer, TimeSpan? Delay) FirstTimer(Guid assignmentId, DateOnly due, NoticeSchedule schedule, DateTimeOffset now)
    {
        var first = schedule.First(due);
        return first <= now ? (new CheckDeadline(assignmentId, due), null) : (new CheckDeadline(assignmentId, due, first), first - now);
    }

    /// <summary>The first timer as a cascading message.</summary>
    public static object FirstTimerMessage(Guid assignmentId, DateOnly due, NoticeSchedule schedule, DateTimeOffset now) =>
        FirstTimer(assignmentId, due, schedule, now) switch
        {
            (var timer, { } delay) => timer.DelayedFor(delay),
            (var timer, null) => timer,
        };
}

/// <summary>
/// At start-up: every open assignment whose deadline has passed is looked at now. Deadlines that passed while
/// the service was down get marked and noticed; for the others the look finds its notices written and only
/// re-arms the timer chain (a timer lost with a database restore, or an assignment from before notices existed).
/// Then, every <see cref="NotificationPolicy.SweepEvery"/>, a safety net: passed deadlines not yet marked overdue
/// (a timer dead-lettered after all its retries) are looked at again.
/// </summary>
public sealed class DeadlineSweep(IDocumentStore store, IServiceScopeFactory scopes, TimeProvider clock, WorkingCalendarSource calendars,
    NotificationPolicy policy, ILogger<DeadlineSweep> log) : IHostedService, IAsyncDisposable
{
    private const int SweepChunk = 1_000;

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken ct)
    {
        await SweepAsync(onlyUnmarked: false, ct);
        _loop = Task.Run(() => RepeatAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task RepeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(policy.SweepEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await SweepAsync(onlyUnmarked: true, ct); }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Deadline sweep failed; trying again in {Every}", policy.SweepEvery); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task SweepAsync(bool onlyUnmarked, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var now = clock.GetUtcNow();
        var calendar = calendars.Current;
        var passedUpTo = DeadlineRules.LatestDuePassedBy(now, calendar);
        var open = await session.Query<DeadlineAlert>().Where(a => a.Due != null && a.Due <= passedUpTo).ToListAsync(ct);
        var passed = open.Where(a => !onlyUnmarked || a.OverdueMarkedFor != a.Due).ToList();
        if (passed.Count == 0) return;
        // Through the outbox, a chunk per transaction: after a storm every open assignment is past its deadline, and
        // one insert and commit per check made a node's start take minutes (docs/benchmarks.md, storm with three nodes).
        foreach (var chunk in passed.Chunk(SweepChunk))
        {
            using var scope = scopes.CreateScope();
            var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
            await using var writes = store.LightweightSession();
            outbox.Enroll(writes);
            foreach (var a in chunk) await outbox.PublishAsync(new CheckDeadline(a.Id, a.Due!.Value));
            await writes.SaveChangesAsync(ct);
        }
        log.LogInformation("Deadline sweep: {Count} open assignments past their deadline ({New} not yet marked overdue); checking them",
            passed.Count, passed.Count(a => a.OverdueMarkedFor != a.Due));
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        if (_loop is not null) await _loop.WaitAsync(ct);
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Sets a changed deadline's timers: the first occasion of the new due date, or a look now.</summary>
public static class DeadlineChangedHandler
{
    public static OutgoingMessages Handle(DeadlineChanged changed, TimeProvider clock, WorkingCalendarSource calendars, NotificationPolicy policy) =>
    [
        changed.LookNow
            ? new CheckDeadline(changed.AssignmentId, changed.Due)
            : CheckDeadlineHandler.FirstTimerMessage(changed.AssignmentId, changed.Due, new NoticeSchedule(calendars.Current, policy), clock.GetUtcNow()),
    ];
}
