using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The agency confirms it has received the assignment.</summary>
public sealed record AcknowledgeAssignment(Guid AssignmentId, Sender From);

public static class AcknowledgeAssignmentHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, AssignmentAcknowledged) Handle(AcknowledgeAssignment command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        return (new UpdatedAggregate(), AssignmentRules.Acknowledge(assignment, command.From.Actor, clock.GetUtcNow()));
    }
}
