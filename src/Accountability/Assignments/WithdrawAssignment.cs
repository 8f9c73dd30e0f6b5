using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office takes the duty back, with a reason; the history stays.</summary>
public sealed record WithdrawAssignment(Guid AssignmentId, string Reason, Sender From);

public static class WithdrawAssignmentHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, AssignmentWithdrawn) Handle(WithdrawAssignment command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        return (new UpdatedAggregate(), AssignmentRules.Withdraw(assignment, command.Reason, command.From.Actor, clock.GetUtcNow()));
    }
}
