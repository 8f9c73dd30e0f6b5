using Accountability.Plans.Agencies;
using Accountability.Plans.Deadlines;
using Accountability.Plans.Layout;

namespace Accountability.Plans.Parsing;

/// <summary>Where a duty was read from; each source has its own rule, written down in docs/plan-reading.md.</summary>
internal enum DutySource { AgencyBlock, LabelledTask, TableRow, Sentence, Reporting }

/// <summary>
/// One task as the plan states it, before it becomes rows: who leads it, who supports it, its text, and the
/// deadline phrases that govern it (each with the text it came from, so a task is stored once however many
/// deadlines it has).
/// </summary>
internal sealed class Duty
{
    public required DutySource Source { get; init; }
    public required string Section { get; init; }
    public required List<AgencyMention> Leads { get; init; }
    public List<AgencyMention> Supports { get; init; } = [];
    /// <summary>The whole task as written (the block, the row's task cell, the sentence).</summary>
    public required string Task { get; init; }
    /// <summary>Parts of the task that carry their own deadline (an item of a block): each is a row of its own.</summary>
    public List<DutyPart> Parts { get; init; } = [];
    public bool Requested { get; init; }
    public string? Product { get; init; }
    public List<string> Checks { get; } = [];
    /// <summary>The paragraphs and cells this duty consumed, so what is left can be reported as unread.</summary>
    public HashSet<Block> Consumed { get; } = [];
}

/// <summary>A piece of a duty's text with the deadlines found in it; <see cref="OnlyFor"/> names the one lead it belongs to, when it opens with it.</summary>
internal sealed record DutyPart(string Text, IReadOnlyList<DeadlinePhrase> Deadlines)
{
    public string? OnlyFor { get; init; }
}
