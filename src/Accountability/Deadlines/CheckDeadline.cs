using Accountability.Assignments;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Accountability.Deadlines;

/// <summary>
/// A timer the service sets for itself: look at this assignment when its deadline passes. State decides when
/// it fires, so a stale timer (the work was done, the deadline extended) does nothing.
/// </summary>
public sealed record CheckDeadline(Guid AssignmentId, DateOnly Due);

public static class CheckDeadlineHandler
{
    [AggregateHandler]
    public static Events Handle(CheckDeadline command, Assignment? assignment, TimeProvider clock, WorkingCalendar calendar)
    {
        var events = new Events();
        if (assignment is null) return events; // the stream is gone (a reset test database): nothing to check
        if (assignment.Due != command.Due) return events; // extended since the timer was set
        if (AssignmentRules.MarkOverdue(assignment, calendar, "deadline", clock.GetUtcNow()) is { } marked) events.Add(marked);
        return events;
    }

    /// <summary>Sets the timer for an assignment's due date: at the instant the deadline passes (now, if it already has).</summary>
    public static ValueTask Schedule(IMessageBus bus, Guid assignmentId, DateOnly due, WorkingCalendar calendar, TimeProvider clock)
    {
        var at = DeadlineRules.PassesAt(due, calendar);
        return at <= clock.GetUtcNow() ? bus.PublishAsync(new CheckDeadline(assignmentId, due)) : bus.ScheduleAsync(new CheckDeadline(assignmentId, due), at);
    }
}

/// <summary>At start-up: deadlines that passed while the service was down are checked now.</summary>
public sealed class DeadlineSweep(IDocumentStore store, IServiceScopeFactory scopes, TimeProvider clock, WorkingCalendar calendar, ILogger<DeadlineSweep> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var open = await AlertsEndpoint.OpenWithDueDateAsync(session, ct);
        var now = clock.GetUtcNow();
        var due = open.Where(a => a.OverdueMarkedFor != a.Due && DeadlineRules.PassesAt(a.Due!.Value, calendar) <= now).ToList();
        using var scope = scopes.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var a in due) await bus.PublishAsync(new CheckDeadline(a.Id, a.Due!.Value));
        if (due.Count > 0) log.LogInformation("Deadline sweep: {Count} deadlines passed while the service was down; checking them", due.Count);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
