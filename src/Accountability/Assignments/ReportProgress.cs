using Accountability.Assignments.Evidence;
using Accountability.Time;
using Marten;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The agency reports how far the work has come, optionally as of an earlier date and with its report document.</summary>
/// <summary>Files: evidence already checked (Assignments/Evidence), stored in the report's transaction.</summary>
public sealed record ReportProgress(Guid AssignmentId, int Percent, string? Note, string? ReportReference, DateOnly? EffectiveOn, Sender From, IReadOnlyList<EvidenceUpload>? Files = null);

public static class ReportProgressHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, ProgressReported) Handle(ReportProgress command, Assignment? assignment, TimeProvider clock, IDocumentSession session)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var reported = AssignmentRules.ReportProgress(assignment, command.Percent, command.Note, command.ReportReference, command.EffectiveOn,
            VietnamTime.Today(clock), command.From.Actor, clock.GetUtcNow());
        return (new UpdatedAggregate(), reported with { Files = EvidenceStore.Keep(session, command.AssignmentId, command.Files, reported.At) });
    }
}
