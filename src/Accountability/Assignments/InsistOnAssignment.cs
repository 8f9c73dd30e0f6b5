using Wolverine;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The coordinating office keeps a declined duty with the agency, with a reason; the agency is told.</summary>
public sealed record InsistOnAssignment(Guid AssignmentId, string Reason, Sender From);

public static class InsistOnAssignmentHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(InsistOnAssignment command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var now = clock.GetUtcNow();
        var insisted = AssignmentRules.Insist(assignment, command.Reason, command.From.Actor, now);
        var notice = Notices.About(assignment, NoticeKind.Insisted, $"insisted-v{assignment.Version + 1}", assignment.AgencyId,
            $"Cơ quan điều phối giữ nguyên việc giao nhiệm vụ “{Notices.Short(assignment.Task)}” cho {assignment.Agency}. Lý do: {insisted.Reason}.", command.From.Actor, now);
        return Notices.Decided(insisted, notice, assignment.Id);
    }
}
