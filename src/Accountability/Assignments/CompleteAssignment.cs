using Accountability.Assignments.Evidence;
using Accountability.Time;
using Marten;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>An agency reports the work done, with the date it was done (today when not given) and its evidence.</summary>
/// <summary>Files: evidence already checked (Assignments/Evidence), stored in the completion's transaction.</summary>
public sealed record CompleteAssignment(Guid AssignmentId, DateOnly? EffectiveOn, string? Evidence, Sender From, IReadOnlyList<EvidenceUpload>? Files = null);

public static class CompleteAssignmentHandler
{
    // Wolverine's aggregate handler workflow: it loads the stream for writing, passes the current state (null when
    // there is no such stream), appends what this returns and commits through the outbox. It answers with the
    // assignment as the new event leaves it (UpdatedAggregate), not read again.
    [AggregateHandler]
    public static (UpdatedAggregate, AssignmentCompleted) Handle(CompleteAssignment command, Assignment? assignment, TimeProvider clock, IDocumentSession session)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var completed = AssignmentRules.Complete(assignment, command.EffectiveOn, command.Evidence, VietnamTime.Today(clock), command.From.Actor, clock.GetUtcNow());
        return (new UpdatedAggregate(), completed with { Files = EvidenceStore.Keep(session, command.AssignmentId, command.Files, completed.At) });
    }
}
