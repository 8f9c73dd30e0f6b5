using Accountability.Deadlines;
using Wolverine;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office moves the deadline, with a reason.</summary>
public sealed record ExtendDeadline(Guid AssignmentId, DateOnly NewDue, string Reason, string ApprovedBy);

public static class ExtendDeadlineHandler
{
    /// <summary>Appends the extension and sets the deadline check for the new date; the old timer finds the due date changed and does nothing.</summary>
    [AggregateHandler]
    public static (Events, OutgoingMessages) Handle(ExtendDeadline command, Assignment assignment, TimeProvider clock, WorkingCalendar calendar)
    {
        var extended = AssignmentRules.Extend(assignment, command.NewDue, command.Reason, command.ApprovedBy, clock.GetUtcNow());
        var check = new CheckDeadline(assignment.Id, command.NewDue);
        var at = DeadlineRules.PassesAt(command.NewDue, calendar);
        var outgoing = new OutgoingMessages { at <= clock.GetUtcNow() ? check : check.ScheduledAt(at) };
        return ([extended], outgoing);
    }
}
