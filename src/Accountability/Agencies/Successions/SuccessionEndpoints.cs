using System.Security.Claims;
using Accountability.Agencies.Directory;
using Accountability.Infrastructure;
using Accountability.Plans.Drafts;
using Accountability.Security;
using Accountability.Time;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Accountability.Agencies.Successions;

/// <summary>A successor as the office sends it: an agency (id or name) and the topics of the duties it takes.</summary>
public sealed record SuccessorInput(string? AgencyId, IReadOnlyList<string>? Topics);

/// <summary>PUT /api/agencies/{id}/succession: who takes over this agency's duties from effectiveOn, and by which act.</summary>
public sealed record SuccessionUpdate(string? EffectiveOn, IReadOnlyList<SuccessorInput>? Successors, string? Default, string? Basis);

/// <summary>The succession as stored, and the assignments it moved now (none when it takes effect later: a timer is set).</summary>
public sealed record SuccessionResult(AgencySuccession Succession, IReadOnlyList<Guid> Transferred);

/// <summary>GET and PUT /api/agencies/{id}/succession: the succession table a province keeps (over the national one).</summary>
public static class SuccessionEndpoints
{
    public const int MaxSuccessors = 20;
    public const int MaxTopics = 50;
    public const int TopicMax = 200;

    /// <summary>The office's entry for this agency, else the national table's; 404 when the agency has no successor.</summary>
    [WolverineGet("/api/agencies/{id}/succession"), ProducesResponseType<AgencySuccession>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Agency>(id, ct) is not { } agency) return AgencyDirectoryEndpoints.NoSuchAgency(id);
        return await SuccessionTransfers.ForAsync(session, agency.Id, agency.Name, ct) is { } s
            ? Results.Ok(s)
            : Results.Problem(new ProblemDetails { Status = 404, Title = "No succession", Detail = $"'{agency.Name}' has no successor in the national table or the office's." });
    }

    /// <summary>
    /// Enters or corrects the succession. On or before today, the agency's open duties issued before effectiveOn move
    /// to their successors in the same transaction; later, a timer moves them on the day.
    /// </summary>
    [WolverinePut("/api/agencies/{id}/succession"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType<SuccessionResult>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Put(string id, SuccessionUpdate body, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Agency>(id, ct) is not { } agency) return AgencyDirectoryEndpoints.NoSuchAgency(id);
        if (agency.MergedInto is { } into)
            return Results.Problem(new ProblemDetails { Status = 409, Title = "Merged agency", Detail = $"'{id}' was merged into '{into}'; enter the succession of '{into}'." });
        var now = clock.GetUtcNow();
        AgencySuccession s;
        try
        {
            s = await ReadAsync(agency, body, session, ct) with { UpdatedBy = Caller.From(user).Actor, UpdatedAt = now };
        }
        catch (InvalidField e)
        {
            return AgencyDirectoryEndpoints.FieldProblem(e);
        }
        session.Store(s);
        IReadOnlyList<Guid> moved = [];
        var notices = new List<Assignments.SendNotice>();
        if (s.EffectiveOn <= VietnamTime.DateOf(now)) moved = await SuccessionTransfers.TakeEffectAsync(session, s, now, ct, notices);
        else await TakeSuccessionEffectHandler.ScheduleAsync(bus, s, now);
        foreach (var n in notices) await bus.PublishAsync(n);
        await session.SaveChangesAsync(ct);
        return Results.Ok(new SuccessionResult(s, moved));
    }

    private static async Task<AgencySuccession> ReadAsync(Agency agency, SuccessionUpdate body, IQuerySession session, CancellationToken ct)
    {
        var effectiveOn = TextRules.Date("effectiveOn", body.EffectiveOn) ?? throw new InvalidField("effectiveOn", "effectiveOn is required (yyyy-MM-dd).");
        var basis = TextRules.Required("basis", body.Basis, TextRules.NoteMax);
        if (body.Successors is not { Count: > 0 } inputs) throw new InvalidField("successors", "successors: name at least one agency that takes the duties over.");
        if (inputs.Count > MaxSuccessors) throw new InvalidField("successors", $"successors: at most {MaxSuccessors}; got {inputs.Count}.");
        var successors = new List<SuccessorAgency>();
        foreach (var input in inputs)
        {
            var name = TextRules.Required("successors.agencyId", input?.AgencyId, TextRules.NameMax);
            var found = await AgencyDirectory.ResolveAsync(session, name, ct, agency.Jurisdiction)
                ?? throw new InvalidField("successors.agencyId", $"successors.agencyId: no agency is '{TextRules.Clip(name)}'; see GET /api/agencies.");
            if (found.Id == agency.Id) throw new InvalidField("successors.agencyId", "successors.agencyId: an agency cannot succeed itself.");
            if (successors.Any(x => x.AgencyId == found.Id)) throw new InvalidField("successors.agencyId", $"successors.agencyId: '{found.Id}' is named twice.");
            var topics = input!.Topics ?? [];
            if (topics.Count > MaxTopics) throw new InvalidField("successors.topics", $"successors.topics: at most {MaxTopics} for one successor; got {topics.Count}.");
            successors.Add(new SuccessorAgency(found.Id, found.Name, topics.Select(t => TextRules.Required("successors.topics", t, TopicMax).ToLowerInvariant()).Distinct().ToList()));
        }
        SuccessorAgency fallback;
        if (string.IsNullOrWhiteSpace(body.Default))
            fallback = successors.Count == 1 ? successors[0] : throw new InvalidField("default", "default: name the successor that takes every duty no topic matches.");
        else
        {
            var wanted = body.Default.Trim();
            fallback = successors.FirstOrDefault(x => x.AgencyId == wanted || x.AgencyId == Agency.IdFor(wanted) || x.AgencyId == Security.Jurisdictions.SameJurisdiction(agency.Id, wanted) || x.Agency == wanted)
                ?? throw new InvalidField("default", $"default: '{TextRules.Clip(wanted)}' is not one of the successors.");
        }
        return new AgencySuccession(agency.Id, agency.Name, effectiveOn, successors, fallback.AgencyId, fallback.Agency, basis, SuccessionRules.Office);
    }
}
