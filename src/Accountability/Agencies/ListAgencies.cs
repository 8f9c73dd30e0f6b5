using System.Security.Claims;
using Accountability.Security;
using Marten;
using Wolverine.Http;

namespace Accountability.Agencies;

public static class ListAgenciesEndpoint
{
    /// <summary>Every agency; a provincial coordinator's list is its province's and the central level's, narrowed in the query.</summary>
    [WolverineGet("/api/agencies")]
    public static Task<IReadOnlyList<Agency>> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<Agency>().AsQueryable();
        if (Caller.From(user).Scope is { } scope)
        {
            string[] visible = [.. scope, Jurisdictions.Central];
            query = query.Where(a => visible.Contains(a.Jurisdiction));
        }
        return query.OrderBy(a => a.Name).ToListAsync(ct);
    }
}
