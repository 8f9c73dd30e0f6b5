using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office takes the duty back, with a reason; the history stays.</summary>
public sealed record WithdrawAssignment(Guid AssignmentId, string Reason, string By);

public static class WithdrawAssignmentHandler
{
    [AggregateHandler]
    public static AssignmentWithdrawn Handle(WithdrawAssignment command, Assignment assignment, TimeProvider clock) =>
        AssignmentRules.Withdraw(assignment, command.Reason, command.By, clock.GetUtcNow());
}
