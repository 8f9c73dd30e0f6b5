using Accountability.Infrastructure;
using System.Text.Json.Serialization;
using Accountability.Plans.Revisions;

namespace Accountability.Plans.Drafts;

public static class DraftStatus
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
}

/// <summary>What confirming the draft did: the plan, its revision and its assignments then.</summary>
public sealed record DraftConfirmation(Guid PlanId, int Revision, IReadOnlyList<Guid> Assignments, string By, DateTimeOffset At);

/// <summary>A row as the office sets it in a draft (already checked: the agency found in the directory, or said to be new).</summary>
public sealed record RowEdit(string Agency, string AgencyId, string AgencyKind, bool NewAgency, string Role, string Task, DateOnly? Due,
    string Recurrence, IReadOnlyList<string> CoordinatingAgencies);

/// <summary>The draft has no row with this key (HTTP 404).</summary>
public sealed class NoSuchDraftRow(string key) : Exception($"The draft has no row with key '{TextRules.Clip(key)}'.");

/// <summary>A draft rule was broken: it is already confirmed, too large… (HTTP 409).</summary>
public sealed class DraftRuleBroken(string message) : Exception(message);

/// <summary>
/// A plan as read, waiting for the office to check it: the reader's reading (kept as produced), the header and
/// rows as the office has corrected them so far, and each correction with who made it and when. Nothing is
/// issued until it is confirmed. A Marten document (not a stream): a draft is a workspace that may be thrown
/// away, and the plan's stream records the reading and every correction when it is confirmed
/// (docs/drafts-and-revisions.md). Version counts the edits, for If-Match.
/// </summary>
public sealed record PlanDraft(
    Guid Id,
    int Version,
    string Status,
    string? FileName,
    PlanReading Reading,
    PlanHeader Document,
    IReadOnlyList<PlanRow> Rows,
    IReadOnlyList<Correction> Corrections,
    int AddedRows,
    DateTimeOffset UpdatedAt)
{
    public const int MaxRows = 5_000;
    public const int MaxCorrections = 10_000;
    public const string AddedKeyPrefix = "office-";

    public DraftConfirmation? Confirmed { get; init; }

    /// <summary>The province the draft's plan belongs to (Security/Jurisdictions); stored for the index.</summary>
    public string Jurisdiction => Security.Jurisdictions.OfPlan(Document);

    /// <summary>A new draft: the reading as produced, and rows as the directory has their agencies.</summary>
    public static PlanDraft Open(Guid id, PlanReading reading, IReadOnlyList<PlanRow> rows, string? fileName) =>
        new(id, 1, DraftStatus.Open, fileName, reading, reading.Document, rows, [], 0, reading.At);

    [JsonIgnore]
    public PlanSubmission Submission => new(Reading, Document, Rows, Corrections);

    public PlanRow Row(string key) => Rows.FirstOrDefault(r => r.Key == key) ?? throw new NoSuchDraftRow(key);

    /// <summary>Replaces the fields a clerk edits (agency, role, task, due, recurrence, coordinating agencies) of one row.</summary>
    public PlanDraft CorrectRow(string key, RowEdit edit, string by, DateTimeOffset now)
    {
        StillOpen();
        var before = Row(key);
        var after = Edited(before, edit);
        var changes = Changes(before, after);
        if (changes.Count == 0) return this;
        return Next(Rows.Select(r => r.Key == key ? after : r).ToList(), new Correction(Correction.RowCorrected, key, changes, null, by, now), now);
    }

    /// <summary>Adds a row the reader did not find; its key is "office-N".</summary>
    public (PlanDraft Draft, PlanRow Row) AddRow(RowEdit edit, string? section, string by, DateTimeOffset now)
    {
        StillOpen();
        if (Rows.Count >= MaxRows) throw new DraftRuleBroken($"A draft holds at most {MaxRows:N0} rows.");
        var key = $"{AddedKeyPrefix}{AddedRows + 1}";
        var row = Edited(new PlanRow(key, "", "", null, "other", "lead", [], [], "", section ?? "added", null, null, "none", null, false, false, null, []), edit);
        var next = Next([.. Rows, row], new Correction(Correction.RowAdded, key, [], row, by, now), now) with { AddedRows = AddedRows + 1 };
        return (next, row);
    }

    public PlanDraft DropRow(string key, string by, DateTimeOffset now)
    {
        StillOpen();
        Row(key);
        return Next(Rows.Where(r => r.Key != key).ToList(), new Correction(Correction.RowDropped, key, [], null, by, now), now);
    }

    public PlanDraft CorrectDocument(PlanHeader document, string by, DateTimeOffset now)
    {
        StillOpen();
        var changes = Document.ChangesTo(document);
        if (changes.Count == 0) return this;
        return Next(Rows, new Correction(Correction.DocumentCorrected, null, changes, null, by, now), now) with { Document = document };
    }

    public PlanDraft Confirm(DraftConfirmation confirmation)
    {
        StillOpen();
        return this with { Status = DraftStatus.Confirmed, Confirmed = confirmation, Version = Version + 1, UpdatedAt = confirmation.At };
    }

    /// <summary>Refuses to confirm a draft without rows: nothing would be accountable (discard it instead).</summary>
    public void ReadyToConfirm()
    {
        StillOpen();
        if (Rows.Count == 0) throw new DraftRuleBroken("The draft has no rows left; add one or discard the draft.");
    }

    private void StillOpen()
    {
        if (Status != DraftStatus.Open)
            throw new DraftRuleBroken($"The draft was confirmed on {Confirmed?.At:O} as plan {Confirmed?.PlanId}; it can no longer change.");
    }

    private PlanDraft Next(IReadOnlyList<PlanRow> rows, Correction correction, DateTimeOffset now)
    {
        if (Corrections.Count >= MaxCorrections) throw new DraftRuleBroken($"A draft records at most {MaxCorrections:N0} corrections; confirm it or start again.");
        return this with { Rows = rows, Corrections = [.. Corrections, correction], Version = Version + 1, UpdatedAt = now };
    }

    private static PlanRow Edited(PlanRow row, RowEdit e) => row with
    {
        Agency = e.Agency, AgencyId = e.AgencyId, AgencyKind = e.AgencyKind, NewAgency = e.NewAgency, Role = e.Role, Task = e.Task,
        Due = e.Due, Recurrence = e.Recurrence, CoordinatingAgencies = e.CoordinatingAgencies,
    };

    /// <summary>The fields a clerk edits, before and after, as text.</summary>
    public static IReadOnlyList<FieldChange> Changes(PlanRow before, PlanRow after)
    {
        var fields = new (string Field, string? Before, string? After)[]
        {
            ("agency", before.Agency, after.Agency),
            ("role", before.Role, after.Role),
            ("task", before.Task, after.Task),
            ("due", PlanHeader.Date(before.Due), PlanHeader.Date(after.Due)),
            ("recurrence", before.Recurrence, after.Recurrence),
            ("coordinatingAgencies", string.Join("; ", before.CoordinatingAgencies), string.Join("; ", after.CoordinatingAgencies)),
        };
        return fields.Where(f => f.Before != f.After).Select(f => new FieldChange(f.Field, f.Before, f.After)).ToList();
    }
}
