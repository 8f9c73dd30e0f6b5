using Accountability.Time;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>An agency reports the work done, with the date it was done (today when not given) and its evidence.</summary>
public sealed record CompleteAssignment(Guid AssignmentId, DateOnly? EffectiveOn, string? Evidence, string By);

public static class CompleteAssignmentHandler
{
    // Wolverine's aggregate handler workflow: it loads the stream for writing, passes the current state,
    // appends what this returns and commits through the outbox.
    [AggregateHandler]
    public static AssignmentCompleted Handle(CompleteAssignment command, Assignment assignment, TimeProvider clock) =>
        AssignmentRules.Complete(assignment, command.EffectiveOn, command.Evidence, VietnamTime.Today(clock), command.By, clock.GetUtcNow());
}
