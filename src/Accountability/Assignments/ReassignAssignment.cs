using Wolverine;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office gives the duty to another agency, with a reason.</summary>
public sealed record ReassignAssignment(Guid AssignmentId, string ToAgencyId, string ToAgency, string Reason, Sender From);

public static class ReassignAssignmentHandler
{
    /// <summary>A dated assignment is looked at again at once, so the new agency gets the notice that is current (overdue, a reminder).</summary>
    [AggregateHandler]
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(ReassignAssignment command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var reassigned = AssignmentRules.Reassign(assignment, command.ToAgencyId, command.ToAgency, command.Reason, command.From.Actor, clock.GetUtcNow());
        var messages = new OutgoingMessages();
        if (assignment.Due is { } due) messages.Add(new DeadlineChanged(assignment.Id, due, LookNow: true));
        return (new UpdatedAggregate(), [reassigned], messages);
    }
}
