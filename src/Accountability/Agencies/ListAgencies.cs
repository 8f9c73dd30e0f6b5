using Marten;
using Wolverine.Http;

namespace Accountability.Agencies;

public static class ListAgenciesEndpoint
{
    [WolverineGet("/api/agencies")]
    public static Task<IReadOnlyList<Agency>> Get(IQuerySession session, CancellationToken ct) =>
        session.Query<Agency>().OrderBy(a => a.Name).ToListAsync(ct);
}
