using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The agency confirms it has received the assignment.</summary>
public sealed record AcknowledgeAssignment(Guid AssignmentId, string By);

public static class AcknowledgeAssignmentHandler
{
    [AggregateHandler]
    public static AssignmentAcknowledged Handle(AcknowledgeAssignment command, Assignment assignment, TimeProvider clock) =>
        AssignmentRules.Acknowledge(assignment, command.By, clock.GetUtcNow());
}
