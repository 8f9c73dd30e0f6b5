using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office moves the deadline, with a reason.</summary>
public sealed record ExtendDeadline(Guid AssignmentId, DateOnly NewDue, string Reason, string ApprovedBy);

public static class ExtendDeadlineHandler
{
    [AggregateHandler]
    public static DeadlineExtended Handle(ExtendDeadline command, Assignment assignment, TimeProvider clock) =>
        AssignmentRules.Extend(assignment, command.NewDue, command.Reason, command.ApprovedBy, clock.GetUtcNow());
}
