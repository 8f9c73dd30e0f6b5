using Accountability.Time;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>A completion recorded with the wrong date or evidence is corrected by its own event, with a reason.</summary>
public sealed record CorrectCompletion(Guid AssignmentId, DateOnly EffectiveOn, string? Evidence, string Reason, Sender From);

public static class CorrectCompletionHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, CompletionCorrected) Handle(CorrectCompletion command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        return (new UpdatedAggregate(), AssignmentRules.CorrectCompletion(assignment, command.EffectiveOn, command.Evidence, command.Reason, VietnamTime.Today(clock), command.From.Actor, clock.GetUtcNow()));
    }
}
