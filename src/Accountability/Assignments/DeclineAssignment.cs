using Wolverine;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The agency declines the duty, with a reason; the coordinating office is told and reassigns or insists.</summary>
public sealed record DeclineAssignment(Guid AssignmentId, string Reason, Sender From);

public static class DeclineAssignmentHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(DeclineAssignment command, Assignment? assignment, TimeProvider clock, CoordinatingOffice office)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var now = clock.GetUtcNow();
        var declined = AssignmentRules.Decline(assignment, command.Reason, command.From.Actor, now);
        var notice = Notices.About(assignment, NoticeKind.Declined, $"declined-v{assignment.Version + 1}", office.Id,
            $"{assignment.Agency} từ chối nhiệm vụ “{Notices.Short(assignment.Task)}”. Lý do: {declined.Reason}. Đề nghị giao lại hoặc giữ nguyên.", command.From.Actor, now);
        return Notices.Decided(declined, notice, assignment.Id);
    }
}
