using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office gives the duty to another agency, with a reason.</summary>
public sealed record ReassignAssignment(Guid AssignmentId, string ToAgencyId, string ToAgency, string Reason, string By);

public static class ReassignAssignmentHandler
{
    [AggregateHandler]
    public static AssignmentReassigned Handle(ReassignAssignment command, Assignment assignment, TimeProvider clock) =>
        AssignmentRules.Reassign(assignment, command.ToAgencyId, command.ToAgency, command.Reason, command.By, clock.GetUtcNow());
}
