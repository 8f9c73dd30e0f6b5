using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Accountability.Plans.Listing;

/// <summary>
/// A plan named the way an office names it: its id, or its number ("206/KH-UBND", URL-encoded in a path or a
/// query). A number several issuers used is refused with the candidates, so nothing is answered about the wrong plan.
/// </summary>
public static class PlanLookup
{
    public static async Task<(Guid? Id, IResult? Problem)> FindAsync(IQuerySession session, string? idOrNumber, CancellationToken ct)
    {
        if (idOrNumber is null) return (null, null);
        var text = idOrNumber.Contains('%') ? Uri.UnescapeDataString(idOrNumber) : idOrNumber;
        text = text.Trim();
        if (Guid.TryParse(text, out var id)) return (id, null);
        if (text.Length is 0 or > 200)
            return (null, Problem(400, "Not a plan", "Name a plan by its id or its number (206/KH-UBND)."));
        var found = (await session.Query<Plan>().Where(p => p.Number == text).Take(20).ToListAsync(ct)).Select(p => new Candidate(p.Id, p.Issuer)).ToList();
        return found switch
        {
            [] => (null, Problem(404, "No such plan", $"No plan has id or number '{text}'; see GET /api/plans.")),
            [var one] => (one.Id, null),
            _ => (null, Problem(400, "Several plans have this number",
                $"'{text}' is the number of plans from {string.Join("; ", found.Select(c => $"{c.Issuer} ({c.Id})"))}; name the plan by its id.")),
        };
    }

    private sealed record Candidate(Guid Id, string? Issuer);

    internal static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
