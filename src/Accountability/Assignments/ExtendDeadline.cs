using Accountability.Deadlines;
using Wolverine;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office moves the deadline, with a reason.</summary>
public sealed record ExtendDeadline(Guid AssignmentId, DateOnly NewDue, string Reason, Sender From);

public static class ExtendDeadlineHandler
{
    /// <summary>Appends the extension and sets the timers for the new date; the old timers find the due date changed and do nothing.</summary>
    [AggregateHandler]
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(ExtendDeadline command, Assignment? assignment, TimeProvider clock, WorkingCalendarSource calendars, NotificationPolicy policy)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var now = clock.GetUtcNow();
        var extended = AssignmentRules.Extend(assignment, command.NewDue, command.Reason, command.From.Actor, now);
        var timer = CheckDeadlineHandler.FirstTimerMessage(assignment.Id, command.NewDue, new NoticeSchedule(calendars.Current, policy), now);
        return (new UpdatedAggregate(), [extended], [timer]);
    }
}
