namespace Accountability.Notifications.ReadMarks;

/// <summary>
/// Which notices of one inbox its agency has read: everything created up to the moment it last marked all read, and
/// each notice opened since. Its own small document per agency: the notices, which are part of the record, are
/// never edited to say so. Plain functions, no database.
/// </summary>
public sealed record InboxReadMarks(string AgencyId, DateTimeOffset? AllReadUpTo, IReadOnlyList<string> Read)
{
    /// <summary>Marks kept one by one; past this the oldest go (a notice that old reads as unread again until "all read").</summary>
    public const int MaxMarks = 2_000;

    public static InboxReadMarks None(string agencyId) => new(agencyId, null, []);

    public bool IsRead(Notice notice) => notice.CreatedAt <= AllReadUpTo || Read.Contains(notice.Id);

    /// <summary>The notice opened: read from now on (the same marks when it was read already).</summary>
    public InboxReadMarks Opened(Notice notice) => IsRead(notice)
        ? this
        : this with { Read = [.. Read.Skip(Math.Max(0, Read.Count + 1 - MaxMarks)), notice.Id] };

    /// <summary>Everything in the inbox up to now read; the single marks it covers are dropped.</summary>
    public InboxReadMarks AllRead(DateTimeOffset now) => new(AgencyId, now, []);
}
