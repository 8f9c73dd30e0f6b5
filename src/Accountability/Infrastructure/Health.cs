using Marten;
using Wolverine.Http;

namespace Accountability.Infrastructure;

public static class HealthEndpoint
{
    /// <summary>Healthy when the database answers.</summary>
    [WolverineGet("/health"), Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public static async Task<IResult> Get(IDocumentStore store, CancellationToken ct)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", ct);
            return Results.Ok(new { status = "healthy", database = "ok" });
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            return Results.Json(new { status = "unhealthy", database = e.Message }, statusCode: 503);
        }
    }
}
