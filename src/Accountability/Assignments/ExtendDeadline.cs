using Wolverine;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office moves the deadline, with a reason.</summary>
public sealed record ExtendDeadline(Guid AssignmentId, DateOnly NewDue, string Reason, Sender From);

/// <summary>
/// The due date changed (an extension) or the holder did (a reassignment): the deadline's timers are set again
/// (Deadlines/CheckDeadline.cs). LookNow: check at once rather than at the first occasion.
/// </summary>
public sealed record DeadlineChanged(Guid AssignmentId, DateOnly Due, bool LookNow);

public static class ExtendDeadlineHandler
{
    /// <summary>Appends the extension and has the timers set for the new date; the old timers find the due date changed and do nothing.</summary>
    [AggregateHandler]
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(ExtendDeadline command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var extended = AssignmentRules.Extend(assignment, command.NewDue, command.Reason, command.From.Actor, clock.GetUtcNow());
        return (new UpdatedAggregate(), [extended], [new DeadlineChanged(assignment.Id, command.NewDue, LookNow: false)]);
    }
}
