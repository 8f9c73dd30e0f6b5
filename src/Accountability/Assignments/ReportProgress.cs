using Accountability.Time;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The agency reports how far the work has come, optionally as of an earlier date and with its report document.</summary>
public sealed record ReportProgress(Guid AssignmentId, int Percent, string? Note, string? ReportReference, DateOnly? EffectiveOn, Sender From);

public static class ReportProgressHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, ProgressReported) Handle(ReportProgress command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        return (new UpdatedAggregate(), AssignmentRules.ReportProgress(assignment, command.Percent, command.Note, command.ReportReference, command.EffectiveOn,
            VietnamTime.Today(clock), command.From.Actor, clock.GetUtcNow()));
    }
}
