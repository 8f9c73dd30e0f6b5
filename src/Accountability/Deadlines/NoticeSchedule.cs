using Accountability.Time;

namespace Accountability.Deadlines;

/// <summary>When agencies are told about a deadline (configuration section "Notifications").</summary>
public sealed record NotificationPolicy
{
    /// <summary>Reminders this many days before the last day, sent at <see cref="ReminderTime"/> Vietnam time.</summary>
    public int[] ReminderDays { get; init; } = [7, 3, 1];

    /// <summary>
    /// Office hours start: reminders and repeated overdue notices go out then, not at midnight. (The overdue notice
    /// itself goes with the overdue mark, at the instant the deadline passes.)
    /// </summary>
    public TimeOnly ReminderTime { get; init; } = new(8, 0);

    /// <summary>While an assignment stays overdue, the agency is reminded again every this many days (0: never).</summary>
    public int RepeatOverdueEveryDays { get; init; } = 7;

    /// <summary>After this many working days overdue, the coordinating office is told (escalation).</summary>
    public int EscalateAfterWorkingDays { get; init; } = 2;

    /// <summary>The inbox of the coordinating office: escalations and declined assignments go there.</summary>
    public string CoordinatingOffice { get; init; } = "coordinating-office";

    /// <summary>Waits between webhook attempts; after the last one fails the delivery is dead-lettered.</summary>
    public TimeSpan[] WebhookBackoff { get; init; } =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Webhooks may point at loopback and private addresses (a closed network, tests). Off by default: an agency's
    /// webhook must not reach inside the service's own network (Notifications/WebhookAddresses.cs).
    /// </summary>
    public bool AllowPrivateWebhooks { get; init; }

    /// <summary>
    /// The address people and agencies' systems reach the service at (https://accountability.example.gov.vn): each
    /// webhook notice links to its assignment there. Required in production (Infrastructure/Settings.cs).
    /// </summary>
    public string? PublicUrl { get; init; }

    /// <summary>How often passed deadlines that were never marked overdue are looked for (a safety net for lost timers).</summary>
    public TimeSpan SweepEvery { get; init; } = TimeSpan.FromHours(1);

    public int WebhookAttempts => WebhookBackoff.Length + 1;

    /// <summary>
    /// Reads the "Notifications" section. Lists given there replace the defaults (the configuration binder
    /// would otherwise add them to the defaults: ReminderDays=[5] must mean 5, not 7, 3, 1 and 5).
    /// </summary>
    public static NotificationPolicy From(IConfigurationSection section)
    {
        var policy = section.Get<NotificationPolicy>() ?? new NotificationPolicy();
        if (section.GetSection(nameof(ReminderDays)).Exists())
            policy = policy with { ReminderDays = section.GetSection(nameof(ReminderDays)).Get<int[]>() ?? [] };
        if (section.GetSection(nameof(WebhookBackoff)).Exists())
            policy = policy with { WebhookBackoff = section.GetSection(nameof(WebhookBackoff)).Get<TimeSpan[]>() ?? [] };
        return policy;
    }

    /// <summary>One line per setting that cannot work; empty when the policy is usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (ReminderDays.Any(d => d is < 0 or > 366)) yield return "Notifications:ReminderDays must be between 0 and 366 days.";
        if (RepeatOverdueEveryDays < 0) yield return "Notifications:RepeatOverdueEveryDays cannot be negative.";
        if (EscalateAfterWorkingDays < 0) yield return "Notifications:EscalateAfterWorkingDays cannot be negative.";
        if (string.IsNullOrWhiteSpace(CoordinatingOffice)) yield return "Notifications:CoordinatingOffice must name an inbox.";
        if (WebhookBackoff.Any(b => b < TimeSpan.Zero)) yield return "Notifications:WebhookBackoff cannot hold negative waits.";
        if (WebhookTimeout <= TimeSpan.Zero) yield return "Notifications:WebhookTimeout must be positive.";
        if (SweepEvery < TimeSpan.FromSeconds(1)) yield return "Notifications:SweepEvery must be at least a second.";
    }
}

public enum OccasionKind { Reminder, Overdue, Escalation, OverdueReminder }

/// <summary>One moment an agency (or the coordinating office) is told about a deadline. Key is unique per due date.</summary>
public sealed record Occasion(OccasionKind Kind, int Number, DateTimeOffset At)
{
    public string Key => Kind switch
    {
        OccasionKind.Reminder => $"reminder-{Number}d",
        OccasionKind.Overdue => "overdue",
        OccasionKind.Escalation => "escalation",
        _ => $"overdue-reminder-{Number}",
    };
}

/// <summary>
/// The notices a due date brings, and which are owed at a given moment. Plain rules, no clock of their own:
/// - before the deadline, reminders at office hours on the set days before the last day;
/// - when the deadline passes (24:00 of the last day), the overdue notice;
/// - after the grace period in working days, the escalation to the coordinating office;
/// - while still overdue, a repeated notice every set number of days.
/// Only the latest notice of each kind is owed: a check that runs late (a plan imported years after its
/// deadline, a service that was down) sends one notice, not one per occasion it missed.
/// </summary>
public sealed class NoticeSchedule(WorkingCalendar calendar, NotificationPolicy policy)
{
    /// <summary>
    /// Reminders at office hours, the set number of days before the last day; one that would fall on a day off
    /// comes on the working day before (a reminder during Tết reaches nobody). Two that land on the same day are
    /// one reminder, the later one.
    /// </summary>
    public IReadOnlyList<Occasion> Reminders(DateOnly due)
    {
        var last = DeadlineRules.LastDay(due, calendar);
        var passes = DeadlineRules.PassesAt(due, calendar);
        return policy.ReminderDays.Distinct()
            .Select(days => (Days: days, Day: calendar.PreviousWorkingDayOnOrBefore(last.AddDays(-days))))
            .GroupBy(r => r.Day)
            .Select(g => g.MinBy(r => r.Days))
            .Select(r => new Occasion(OccasionKind.Reminder, r.Days, VietnamTime.At(r.Day, policy.ReminderTime)))
            .Where(o => o.At < passes)
            .OrderBy(o => o.At)
            .ToList();
    }

    /// <summary>The first occasion of a due date: its earliest reminder, or the deadline itself.</summary>
    public DateTimeOffset First(DateOnly due) =>
        Reminders(due).Select(r => r.At).Append(DeadlineRules.PassesAt(due, calendar)).Min();

    /// <summary>24:00 of the n-th working day after the last day: the grace period is over.</summary>
    public DateTimeOffset EscalatesAt(DateOnly due)
    {
        var last = DeadlineRules.LastDay(due, calendar);
        var graceEnds = policy.EscalateAfterWorkingDays == 0 ? last : calendar.WorkingDaysAfter(last.AddDays(1), policy.EscalateAfterWorkingDays - 1);
        return VietnamTime.At(graceEnds.AddDays(1), TimeOnly.MinValue);
    }

    /// <summary>
    /// What is owed at <paramref name="now"/>, given when each occasion's notice was written (null: not yet): at most
    /// one reminder before the deadline; after it the overdue notice, the escalation once its time has come, and
    /// the latest repeated notice. Repeats count from when the agency was actually told it was overdue, so a
    /// plan imported years late is reminded a week after its first notice, not at once.
    /// </summary>
    public IReadOnlyList<Occasion> Owed(DateOnly due, DateTimeOffset now, Func<Occasion, DateTimeOffset?> sentAt)
    {
        var passes = DeadlineRules.PassesAt(due, calendar);
        if (now < passes)
        {
            var latest = Reminders(due).LastOrDefault(r => r.At <= now);
            return latest is null || sentAt(latest) is not null ? [] : [latest];
        }

        var owed = new List<Occasion>();
        var overdue = new Occasion(OccasionKind.Overdue, 0, passes);
        var toldAt = sentAt(overdue);
        if (toldAt is null) owed.Add(overdue);
        var escalation = new Occasion(OccasionKind.Escalation, 0, EscalatesAt(due));
        if (escalation.At <= now && sentAt(escalation) is null) owed.Add(escalation);
        if (toldAt is { } told && policy.RepeatOverdueEveryDays > 0)
        {
            var number = RepeatsBy(told, now);
            if (number > 0)
            {
                var repeat = new Occasion(OccasionKind.OverdueReminder, number, RepeatAt(told, number));
                if (sentAt(repeat) is null) owed.Add(repeat);
            }
        }
        return owed;
    }

    /// <summary>The first occasion after <paramref name="now"/>: when to look at this due date again (null: never).</summary>
    public DateTimeOffset? Next(DateOnly due, DateTimeOffset now, Func<Occasion, DateTimeOffset?> sentAt)
    {
        var passes = DeadlineRules.PassesAt(due, calendar);
        if (now < passes) return Reminders(due).Select(r => r.At).Where(at => at > now).DefaultIfEmpty(passes).Min();
        var candidates = new List<DateTimeOffset>();
        var escalates = EscalatesAt(due);
        if (escalates > now && sentAt(new Occasion(OccasionKind.Escalation, 0, escalates)) is null) candidates.Add(escalates);
        if (policy.RepeatOverdueEveryDays > 0)
        {
            var told = sentAt(new Occasion(OccasionKind.Overdue, 0, passes)) ?? now;
            candidates.Add(RepeatAt(told, RepeatsBy(told, now) + 1));
        }
        return candidates.Count > 0 ? candidates.Min() : null;
    }

    /// <summary>The n-th repeat: every set number of days after the day the agency was told, at office hours.</summary>
    private DateTimeOffset RepeatAt(DateTimeOffset told, int number) =>
        VietnamTime.At(VietnamTime.DateOf(told).AddDays(number * policy.RepeatOverdueEveryDays), policy.ReminderTime);

    /// <summary>How many repeats have come by now.</summary>
    private int RepeatsBy(DateTimeOffset told, DateTimeOffset now)
    {
        var number = (VietnamTime.DateOf(now).DayNumber - VietnamTime.DateOf(told).DayNumber) / policy.RepeatOverdueEveryDays;
        while (number > 0 && RepeatAt(told, number) > now) number--;
        return number;
    }
}
