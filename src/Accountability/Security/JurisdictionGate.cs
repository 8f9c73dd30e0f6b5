using Accountability.Assignments;
using Accountability.Plans;
using Accountability.Plans.Drafts;
using Accountability.Plans.Revisions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using AgencyDoc = Accountability.Agencies.Agency;

namespace Accountability.Security;

/// <summary>
/// Keeps a provincial coordinator inside its province on every API address that names one record: a plan, a draft,
/// an assignment, an agency or its scorecard of another province answers 404, as an unknown id does, so the answer
/// does not tell that it exists; writing to a central agency answers 403. Lists narrow their own queries on the
/// jurisdiction index. One place, in front of the endpoints, so the feature folders need no check of their own.
/// The national office, auditors and agency tokens pass untouched.
/// </summary>
public sealed class JurisdictionGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IQuerySession session)
    {
        var caller = Caller.From(context.User);
        if (caller.Jurisdiction is null || !context.Request.Path.StartsWithSegments("/api", out var rest) || rest.Value is not { Length: > 1 } path)
        {
            await next(context);
            return;
        }
        var ct = context.RequestAborted;
        var reading = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        var refusal = path.Trim('/').Split('/') switch
        {
            ["assignments", var id, ..] when Guid.TryParse(id, out var g) =>
                await session.LoadAsync<Assignment>(g, ct) is { } a && !caller.Sees(a.Jurisdiction) ? Hidden("assignment", id) : null,
            ["plans", "drafts", var id, ..] when Guid.TryParse(id, out var g) =>
                await session.LoadAsync<PlanDraft>(g, ct) is { } d && !caller.Sees(d.Jurisdiction) ? Hidden("draft", id) : null,
            ["plans", var id, ..] when id != "drafts" => await PlanOutsideAsync(session, caller, Uri.UnescapeDataString(id), ct) ? Hidden("plan", id) : null,
            ["agencies" or "scorecards", var id, ..] when await session.LoadAsync<AgencyDoc>(Uri.UnescapeDataString(id), ct) is { } agency =>
                agency.Jurisdiction == Jurisdictions.Central
                    ? (reading ? null : Problem(403, "A central agency", $"'{agency.Id}' belongs to the central level; a coordinator of {caller.Jurisdiction} reads it but does not change it."))
                    : caller.Sees(agency.Jurisdiction) ? null : Hidden("agency", id),
            ["notifications", var id, ..] when await session.LoadAsync<Notifications.Notice>(Uri.UnescapeDataString(id), ct) is { } notice =>
                await session.LoadAsync<AgencyDoc>(notice.Recipient, ct) is { } to && !caller.Sees(to.Jurisdiction) ? Hidden("notice", id) : null,
            _ => null,
        };
        if (refusal is null) await next(context);
        else await refusal.ExecuteAsync(context);
    }

    /// <summary>A plan of another province, named by id or number (a number that only other provinces' plans carry).</summary>
    private static async Task<bool> PlanOutsideAsync(IQuerySession session, Caller caller, string idOrNumber, CancellationToken ct)
    {
        if (Guid.TryParse(idOrNumber, out var id)) return await session.LoadAsync<Plan>(id, ct) is { } plan && !caller.Sees(plan.Jurisdiction);
        var scope = caller.Scope!;
        var text = idOrNumber.Trim();
        return await session.Query<Plan>().AnyAsync(p => p.Number == text, ct)
            && !await session.Query<Plan>().AnyAsync(p => p.Number == text && scope.Contains(p.Jurisdiction), ct);
    }

    /// <summary>A plan sent by a provincial coordinator whose issuer is of another province (or the central level): refused, 403.</summary>
    public static IResult? Refuses(Caller caller, PlanDocument document)
    {
        if (caller.Jurisdiction is null) return null;
        var of = Jurisdictions.OfPlan(PlanHeader.From(document));
        return caller.Sees(of) ? null : Problem(403, "Another province's plan",
            $"This plan was issued by {document.Issuer ?? "an unknown issuer"} ({of}); your token is for {caller.Jurisdiction} and imports only its own plans. The national office imports the others.");
    }

    private static IResult Hidden(string what, string id) =>
        Problem(404, $"No such {what}", $"No {what} '{id}' in your province.");

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
