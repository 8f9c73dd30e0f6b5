using Accountability.Time;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>An agency reports the work done, with the date it was done (today when not given) and its evidence.</summary>
public sealed record CompleteAssignment(Guid AssignmentId, DateOnly? EffectiveOn, string? Evidence, Sender From);

public static class CompleteAssignmentHandler
{
    // Wolverine's aggregate handler workflow: it loads the stream for writing, passes the current state (null when
    // there is no such stream), appends what this returns and commits through the outbox. It answers with the
    // assignment as the new event leaves it (UpdatedAggregate), not read again.
    [AggregateHandler]
    public static (UpdatedAggregate, AssignmentCompleted) Handle(CompleteAssignment command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        return (new UpdatedAggregate(), AssignmentRules.Complete(assignment, command.EffectiveOn, command.Evidence, VietnamTime.Today(clock), command.From.Actor, clock.GetUtcNow()));
    }
}
