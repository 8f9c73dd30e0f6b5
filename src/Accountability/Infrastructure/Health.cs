using Marten;
using Wolverine.Http;

namespace Accountability.Infrastructure;

public static class HealthEndpoint
{
    /// <summary>
    /// Healthy when the database answers; otherwise 503 with Retry-After (never 500), saying which part is down and not
    /// how to reach it: the answer is public.
    /// </summary>
    [WolverineGet("/health"), Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public static async Task<IResult> Get(IDocumentStore store, HttpResponse response, ILogger<HealthCheck> log, CancellationToken ct)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", ct);
            return Results.Ok(new { status = "healthy", database = "ok" });
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning("Health: the database does not answer ({Error})", e.Message);
            response.Headers.RetryAfter = ProblemExceptionHandler.RetryAfterSeconds.ToString();
            return Results.Json(new { status = "unhealthy", database = ProblemExceptionHandler.Unavailable(e) ? "unreachable" : "failing" }, statusCode: 503);
        }
    }
}

/// <summary>The health check's log category.</summary>
public sealed class HealthCheck;
