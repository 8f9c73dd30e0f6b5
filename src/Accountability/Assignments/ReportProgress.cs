using Accountability.Time;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The agency reports how far the work has come, optionally as of an earlier date and with its report document.</summary>
public sealed record ReportProgress(Guid AssignmentId, int Percent, string? Note, string? ReportReference, DateOnly? EffectiveOn, string By);

public static class ReportProgressHandler
{
    [AggregateHandler]
    public static ProgressReported Handle(ReportProgress command, Assignment assignment, TimeProvider clock) =>
        AssignmentRules.ReportProgress(assignment, command.Percent, command.Note, command.ReportReference, command.EffectiveOn,
            VietnamTime.Today(clock), command.By, clock.GetUtcNow());
}
