using Accountability.Deadlines;
using Accountability.Notifications;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>The agency declines the duty, with a reason; the coordinating office is told and reassigns or insists.</summary>
public sealed record DeclineAssignment(Guid AssignmentId, string Reason, Sender From);

public static class DeclineAssignmentHandler
{
    [AggregateHandler]
    public static async Task<(UpdatedAggregate, Events, OutgoingMessages)> Handle(DeclineAssignment command, Assignment? assignment, IDocumentSession session,
        TimeProvider clock, NotificationPolicy policy, CancellationToken ct)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var now = clock.GetUtcNow();
        var declined = AssignmentRules.Decline(assignment, command.Reason, command.From.Actor, now);
        var notice = Notice.About(assignment, NoticeKind.Declined, $"declined-v{assignment.Version + 1}", policy.CoordinatingOffice,
            $"{assignment.Agency} từ chối nhiệm vụ “{Notice.Short(assignment.Task)}”. Lý do: {declined.Reason}. Đề nghị giao lại hoặc giữ nguyên.", now);
        return (new UpdatedAggregate(), [declined], await Inboxes.TellAsync(session, notice, now, ct));
    }
}
