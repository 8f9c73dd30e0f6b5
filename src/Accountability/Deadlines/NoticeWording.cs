using Accountability.Assignments;

namespace Accountability.Deadlines;

/// <summary>The notices a deadline occasion gives, worded for the clerk who reads them.</summary>
public static class DeadlineNotices
{
    public const string Actor = "deadline";

    public static string KindOf(OccasionKind kind) => kind switch
    {
        OccasionKind.Reminder => NoticeKind.Reminder,
        OccasionKind.Overdue => NoticeKind.Overdue,
        OccasionKind.Escalation => NoticeKind.Escalation,
        _ => NoticeKind.OverdueReminder,
    };

    /// <summary>Who is told of a deadline occasion: the coordinating office for an escalation, else the agency.</summary>
    public static string RecipientOf(Occasion occasion, Assignment a, NotificationPolicy policy) =>
        occasion.Kind == OccasionKind.Escalation ? policy.CoordinatingOffice : a.AgencyId;

    /// <summary>The id of the notice a deadline occasion gives.</summary>
    public static string IdFor(Assignment a, DateOnly due, Occasion occasion, NotificationPolicy policy) =>
        Notices.IdOf(a.Id, due, occasion.Key, RecipientOf(occasion, a, policy));

    public static NoticeIssued ForOccasion(Assignment a, DateOnly due, Occasion occasion, WorkingCalendar calendar, NotificationPolicy policy, DateOnly today, DateTimeOffset now)
    {
        var last = DeadlineRules.LastDay(due, calendar);
        var task = Notices.Short(a.Task);
        int? left = null, late = null;
        string message;
        switch (occasion.Kind)
        {
            case OccasionKind.Reminder:
                left = last.DayNumber - today.DayNumber;
                message = left > 0
                    ? $"Nhắc hạn: nhiệm vụ “{task}” giao {a.Agency} đến hạn ngày {last:dd/MM/yyyy}, còn {left} ngày."
                    : $"Nhắc hạn: nhiệm vụ “{task}” giao {a.Agency} đến hạn hôm nay, ngày {last:dd/MM/yyyy}.";
                break;
            case OccasionKind.Overdue:
                late = today.DayNumber - last.DayNumber;
                message = $"Quá hạn: nhiệm vụ “{task}” giao {a.Agency} đã quá hạn ngày {last:dd/MM/yyyy} ({late} ngày).";
                break;
            case OccasionKind.OverdueReminder:
                late = today.DayNumber - last.DayNumber;
                message = $"Nhắc lại: nhiệm vụ “{task}” giao {a.Agency} vẫn chưa hoàn thành, quá hạn {late} ngày (hạn {last:dd/MM/yyyy}).";
                break;
            default:
                late = today.DayNumber - last.DayNumber;
                message = $"Báo cáo quá hạn: {a.Agency} chưa hoàn thành nhiệm vụ “{task}”, hạn {last:dd/MM/yyyy}, đã quá {late} ngày.";
                break;
        }
        return new NoticeIssued(IdFor(a, due, occasion, policy), KindOf(occasion.Kind), occasion.Key, RecipientOf(occasion, a, policy), NoticeChannel.All,
            a.PlanId, a.AgencyId, a.Agency, task, due, last, left, late, message, Actor, now);
    }
}
