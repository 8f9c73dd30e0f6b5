using System.Diagnostics.CodeAnalysis;
using Accountability.Infrastructure;
using Accountability.Time;

namespace Accountability.Assignments;

/// <summary>A rule an office expects was broken; the message says what and is shown to the clerk (HTTP 409).</summary>
public sealed class AssignmentRuleBroken(string message) : Exception(message);

/// <summary>No assignment has this id (HTTP 404). Its title and sentence are the one answer every endpoint gives.</summary>
public sealed class NoSuchAssignment(Guid id) : Exception(Describe(id))
{
    public const string Title = "No such assignment";

    public static string Describe(Guid id) => $"No assignment has id {id}.";
}

/// <summary>An agency reached for another agency's assignment (HTTP 403).</summary>
public sealed class NotYourAssignment(Guid id, string ownerId, string actingFor)
    : Exception($"Assignment {id} belongs to '{ownerId}'; your token acts for '{actingFor}'.");

/// <summary>The caller decided on a version that is no longer current (HTTP 409).</summary>
public sealed class StaleVersion(int current, int expected)
    : Exception($"The assignment is at version {current}, not {expected}; reload and try again.");

/// <summary>
/// Who sends a command to an assignment: the actor its events record, the agency an agency's token acts for (null
/// for the coordinating office) and the version the caller last saw, if it named one.
/// </summary>
public sealed record Sender(string Actor, string? Agency = null, int? ExpectedVersion = null);

/// <summary>
/// The rules of an assignment as plain functions: the current state and the request in, the events to
/// append out. Nothing here touches a database or a clock; "today" is passed in (Vietnam time).
/// </summary>
public static class AssignmentRules
{
    /// <summary>
    /// Before any rule: the assignment exists, an agency acts on its own assignments only, and a caller who named the version it saw must
    /// be looking at the current one. Checked on the state the command is decided on, so one read serves both.
    /// </summary>
    public static void Admit([NotNull] Assignment? a, Guid id, Sender from)
    {
        if (a is null) throw new NoSuchAssignment(id);
        if (from.Agency is { } agency && agency != a.AgencyId) throw new NotYourAssignment(a.Id, a.AgencyId, agency);
        if (from.ExpectedVersion is { } expected && (expected > a.Version || expected < a.Version - a.Quiet)) throw new StaleVersion(a.Version, expected);
    }

    public static AssignmentAcknowledged Acknowledge(Assignment a, string by, DateTimeOffset now)
    {
        NotWithdrawn(a, "acknowledged");
        NotDeclined(a);
        if (a.Status == AssignmentStatus.Completed) throw new AssignmentRuleBroken("The assignment is already completed; there is nothing to acknowledge.");
        if (a.Acknowledged) throw new AssignmentRuleBroken($"{a.Agency} has already acknowledged this assignment.");
        return new AssignmentAcknowledged(by, now);
    }

    public static ProgressReported ReportProgress(Assignment a, int percent, string? note, string? reportReference, DateOnly? effectiveOn, DateOnly today, string by, DateTimeOffset now)
    {
        NotWithdrawn(a, "reported on");
        NotDeclined(a);
        if (a.Status == AssignmentStatus.Completed) throw new AssignmentRuleBroken("The assignment is already completed; progress can no longer be reported.");
        if (percent is < 0 or > 100) throw new InvalidField("percent", $"percent must be between 0 and 100; got {percent}.");
        return new ProgressReported(percent, note, reportReference, EffectiveDate(a, effectiveOn ?? today, today), by, now);
    }

    public static AssignmentCompleted Complete(Assignment a, DateOnly? effectiveOn, string? evidence, DateOnly today, string by, DateTimeOffset now)
    {
        NotWithdrawn(a, "completed");
        if (a.Status == AssignmentStatus.Completed)
            throw new AssignmentRuleBroken($"The assignment was already completed on {a.CompletedOn:dd/MM/yyyy}; record a correction instead.");
        return new AssignmentCompleted(EffectiveDate(a, effectiveOn ?? today, today), evidence, by, now);
    }

    public static CompletionCorrected CorrectCompletion(Assignment a, DateOnly effectiveOn, string? evidence, string reason, DateOnly today, string by, DateTimeOffset now)
    {
        if (a.Status != AssignmentStatus.Completed) throw new AssignmentRuleBroken("Only a completed assignment can have its completion corrected.");
        Reason(reason, "A correction");
        return new CompletionCorrected(EffectiveDate(a, effectiveOn, today), evidence, reason.Trim(), by, now);
    }

    public static DeadlineExtended Extend(Assignment a, DateOnly newDue, string reason, string approvedBy, DateTimeOffset now)
    {
        NotClosed(a, "extended");
        Reason(reason, "An extension");
        if (a.Due is { } due && newDue <= due)
            throw new AssignmentRuleBroken($"An extension must move the deadline later than {due:dd/MM/yyyy}.");
        if (newDue > VietnamTime.DateOf(now).AddYears(MaxYearsAhead))
            throw new InvalidField("newDue", $"newDue {newDue:yyyy-MM-dd} is more than {MaxYearsAhead} years ahead; give the date the work is really due.");
        return new DeadlineExtended(a.Due, newDue, reason.Trim(), approvedBy, now);
    }

    public static AssignmentReassigned Reassign(Assignment a, string toAgencyId, string toAgency, string reason, string by, DateTimeOffset now)
    {
        NotClosed(a, "reassigned");
        Reason(reason, "A reassignment");
        if (toAgencyId == a.AgencyId) throw new AssignmentRuleBroken($"The assignment is already with {a.Agency}.");
        return new AssignmentReassigned(a.AgencyId, toAgencyId, toAgency, reason.Trim(), by, now);
    }

    public static AssignmentWithdrawn Withdraw(Assignment a, string reason, string by, DateTimeOffset now)
    {
        if (a.Status == AssignmentStatus.Withdrawn) throw new AssignmentRuleBroken("The assignment is already withdrawn.");
        if (a.Status == AssignmentStatus.Completed) throw new AssignmentRuleBroken("A completed assignment cannot be withdrawn.");
        Reason(reason, "A withdrawal");
        return new AssignmentWithdrawn(reason.Trim(), by, now);
    }

    public static AssignmentDeclined Decline(Assignment a, string reason, string by, DateTimeOffset now)
    {
        NotClosed(a, "declined");
        if (a.Status == AssignmentStatus.Declined) throw new AssignmentRuleBroken($"{a.Agency} has already declined this assignment; the coordinating office decides next.");
        Reason(reason, "Declining");
        return new AssignmentDeclined(reason.Trim(), by, now);
    }

    public static DeclineOverruled Insist(Assignment a, string reason, string by, DateTimeOffset now)
    {
        if (a.Status != AssignmentStatus.Declined) throw new AssignmentRuleBroken("Only a declined assignment can be insisted on; this one was not declined.");
        Reason(reason, "Insisting");
        return new DeclineOverruled(reason.Trim(), by, now);
    }

    private static void NotWithdrawn(Assignment a, string verb)
    {
        if (a.Status == AssignmentStatus.Withdrawn) throw new AssignmentRuleBroken($"The assignment was withdrawn; it can no longer be {verb}.");
    }

    /// <summary>A declined assignment waits for the coordinating office; completing it is still a fact worth recording.</summary>
    private static void NotDeclined(Assignment a)
    {
        if (a.Status == AssignmentStatus.Declined)
            throw new AssignmentRuleBroken($"{a.Agency} declined this assignment; the coordinating office decides next (reassign it, or insist and give it back).");
    }

    private static void NotClosed(Assignment a, string verb)
    {
        NotWithdrawn(a, verb);
        if (a.Status == AssignmentStatus.Completed) throw new AssignmentRuleBroken($"The assignment is completed; it can no longer be {verb}.");
    }

    private static void Reason(string? reason, string what)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new InvalidField("reason", $"reason is required: {what} needs one.");
    }

    /// <summary>A deadline further ahead than this is a typing error, not a plan.</summary>
    public const int MaxYearsAhead = 10;

    /// <summary>
    /// A past fact takes effect between the day the plan was issued (<see cref="Assignment.EffectiveFrom"/>) and today in
    /// Vietnam: a completion backdated to 1900 would otherwise count as on time.
    /// </summary>
    private static DateOnly EffectiveDate(Assignment a, DateOnly on, DateOnly today)
    {
        if (on > today) throw new InvalidField("effectiveOn", $"effectiveOn {on:yyyy-MM-dd} is in the future; today is {today:yyyy-MM-dd} in Vietnam.");
        if (on < a.EffectiveFrom)
            throw new InvalidField("effectiveOn", $"effectiveOn {on:yyyy-MM-dd} is before the plan was issued ({a.EffectiveFrom:yyyy-MM-dd}); nothing of it can have happened then.");
        return on;
    }
}
