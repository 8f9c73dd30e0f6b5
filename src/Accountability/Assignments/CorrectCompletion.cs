using Accountability.Time;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>A completion recorded with the wrong date or evidence is corrected by its own event, with a reason.</summary>
public sealed record CorrectCompletion(Guid AssignmentId, DateOnly EffectiveOn, string? Evidence, string Reason, string By);

public static class CorrectCompletionHandler
{
    [AggregateHandler]
    public static CompletionCorrected Handle(CorrectCompletion command, Assignment assignment, TimeProvider clock) =>
        AssignmentRules.CorrectCompletion(assignment, command.EffectiveOn, command.Evidence, command.Reason, VietnamTime.Today(clock), command.By, clock.GetUtcNow());
}
