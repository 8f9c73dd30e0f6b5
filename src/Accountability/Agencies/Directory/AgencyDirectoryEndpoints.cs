using Accountability.Infrastructure;
using System.Net.Mail;
using System.Security.Claims;
using Accountability.Assignments;
using Accountability.Plans.Agencies;
using Accountability.Plans.Drafts;
using Accountability.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Agencies.Directory;

/// <summary>
/// A partial update of a directory entry: what is absent (null) stays; "" clears parentId or province; [] clears the
/// e-mails; dailyDigest true/false opts in or out of the daily digest e-mail.
/// </summary>
public sealed record AgencyUpdate(string? Name, string? Kind, string? ParentId, string? Province, IReadOnlyList<string>? Emails, bool? DailyDigest = null);

/// <summary>Folds this agency (a duplicate spelling) into another, with the reason recorded on each reassignment.</summary>
public sealed record MergeRequest(string Into, string? Reason);

/// <summary>A merge done: the agency that remains, the entry folded into it, and the assignments that moved.</summary>
public sealed record MergeResult(Agency Agency, Agency Merged, IReadOnlyList<Guid> Moved);

/// <summary>GET and PUT /api/agencies/{id}, POST /api/agencies/{id}/merge: the agency directory the office keeps.</summary>
public static class AgencyDirectoryEndpoints
{
    public const int MaxEmails = 20;

    [WolverineGet("/api/agencies/{id}"), ProducesResponseType<Agency>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Agency>(id, ct) is { } agency ? Results.Ok(agency) : NoSuchAgency(id);

    [WolverinePut("/api/agencies/{id}"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType<Agency>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Put(string id, AgencyUpdate body, IDocumentSession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Agency>(id, ct) is not { } agency) return NoSuchAgency(id);
        if (agency.MergedInto is { } into)
            return Problem(409, "Merged agency", $"'{id}' was merged into '{into}'; edit '{into}' instead.");
        try
        {
            var updated = agency with
            {
                Name = body.Name is null ? agency.Name : TextRules.Required("name", body.Name, TextRules.NameMax),
                Kind = body.Kind is null ? agency.Kind : TextRules.OneOf("kind", body.Kind, AgencyKinds.All),
                ParentId = body.ParentId is null ? agency.ParentId : await ParentAsync(session, id, body.ParentId, ct),
                Province = body.Province is null ? agency.Province : Province(body.Province),
                Emails = body.Emails is null ? agency.Emails : Emails(body.Emails),
                DailyDigest = body.DailyDigest ?? agency.DailyDigest,
            };
            session.Store(updated);
            await session.SaveChangesAsync(ct);
            return Results.Ok(updated);
        }
        catch (InvalidField e)
        {
            return FieldProblem(e);
        }
    }

    /// <summary>
    /// Folds a duplicate spelling into one agency: every assignment it holds (open, completed or withdrawn) moves
    /// with a reassignment event marked as a merge, so its state and history stay; the duplicate's entry stays as
    /// a pointer (mergedInto) and its name becomes an alias, so later plans that spell it that way land right.
    /// </summary>
    [WolverinePost("/api/agencies/{id}/merge"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType<MergeResult>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Merge(string id, MergeRequest body, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Agency>(id, ct) is not { } source) return NoSuchAgency(id);
        if (source.MergedInto is { } already) return Problem(409, "Already merged", $"'{id}' was already merged into '{already}'.");
        string? reason;
        try
        {
            reason = TextRules.Optional("reason", body.Reason, TextRules.NoteMax);
        }
        catch (InvalidField e)
        {
            return FieldProblem(e);
        }
        if (string.IsNullOrWhiteSpace(body.Into) || await session.LoadAsync<Agency>(body.Into.Trim(), ct) is not { } into)
            return FieldProblem(new InvalidField("into", $"into: no agency has id '{TextRules.Clip(body.Into ?? "")}'; see GET /api/agencies."));
        var target = await AgencyDirectory.FollowAsync(session, into, ct);
        if (target.Id == source.Id) return FieldProblem(new InvalidField("into", "into: an agency cannot be merged into itself."));

        var by = Caller.From(user).Actor;
        var now = clock.GetUtcNow();
        var why = reason ?? $"'{source.Name}' is another spelling of '{target.Name}' (agency directory merge)";
        var moved = await session.Query<Assignment>().Where(a => a.AgencyId == source.Id).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        // Fetched for writing so the stored assignment's version follows its stream (the audit compares them).
        foreach (var assignment in moved)
        {
            var stream = await session.Events.FetchForWriting<Assignment>(assignment, ct);
            stream.AppendOne(new AssignmentReassigned(source.Id, target.Id, target.Name, why, by, now, AgencyMerged: true));
        }
        var aliases = target.Aliases.Concat(source.Aliases).Append(source.Name).Where(n => n != target.Name).Distinct().ToList();
        var merged = source with { MergedInto = target.Id };
        var kept = target with { Aliases = aliases };
        session.Store(merged, kept);
        foreach (var child in await session.Query<Agency>().Where(a => a.ParentId == source.Id).ToListAsync(ct))
            session.Store(child with { ParentId = target.Id });
        await session.SaveChangesAsync(ct);
        return Results.Ok(new MergeResult(kept, merged, moved));
    }

    private static async Task<string?> ParentAsync(IQuerySession session, string id, string parentId, CancellationToken ct)
    {
        var parent = parentId.Trim();
        if (parent.Length == 0) return null;
        if (parent == id) throw new InvalidField("parentId", "parentId: an agency cannot be its own parent.");
        var seen = new HashSet<string> { id };
        for (var next = parent; next is not null;)
        {
            if (!seen.Add(next)) throw new InvalidField("parentId", $"parentId: '{parent}' lies under '{id}' already; that would make a loop.");
            var agency = await session.LoadAsync<Agency>(next, ct)
                ?? throw new InvalidField("parentId", $"parentId: no agency has id '{TextRules.Clip(next)}'.");
            next = agency.ParentId;
        }
        return parent;
    }

    private static string? Province(string province)
    {
        var name = TextRules.Optional("province", province, TextRules.NameMax);
        if (name is null) return null;
        return Gazetteer.Default.FindProvince(name)?.Name
            ?? throw new InvalidField("province", $"province: '{TextRules.Clip(name)}' is not a province or centrally-run city the gazetteer knows (write it as 'Quảng Ngãi' or 'tỉnh Quảng Ngãi').");
    }

    private static IReadOnlyList<string> Emails(IReadOnlyList<string> emails)
    {
        if (emails.Count > MaxEmails) throw new InvalidField("emails", $"emails: at most {MaxEmails} addresses; got {emails.Count}.");
        var list = new List<string>();
        foreach (var raw in emails)
        {
            var email = TextRules.Required("emails", raw, 254).ToLowerInvariant();
            if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !parsed.Host.Contains('.'))
                throw new InvalidField("emails", $"emails: '{TextRules.Clip(email)}' is not an e-mail address (name@example.gov.vn).");
            if (!list.Contains(email)) list.Add(email);
        }
        return list;
    }

    internal static IResult NoSuchAgency(string id) =>
        Problem(404, "No such agency", $"No agency has id '{TextRules.Clip(id)}'; see GET /api/agencies.");

    /// <summary>400 naming the field (also as "field", for a form to mark it).</summary>
    internal static IResult FieldProblem(InvalidField e) => Results.Problem(new ProblemDetails
    {
        Status = 400, Title = $"Invalid {e.Field}", Detail = e.Message, Extensions = { ["field"] = e.Field },
    });

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
