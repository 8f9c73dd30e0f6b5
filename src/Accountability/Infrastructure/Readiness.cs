using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Weasel.Postgresql.Tables;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Accountability.Infrastructure;

/// <summary>
/// ASP.NET health checks for a load balancer or an orchestrator: GET /health/live answers 200 while the process runs;
/// GET /health/ready answers 200 when this node can do its work (the database answers, its schema is applied and
/// Wolverine's durability agent runs somewhere in the cluster), 503 otherwise, with each check's state as JSON.
/// </summary>
public static class Readiness
{
    private const string Ready = "ready";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddReadinessChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: [Ready], timeout: Timeout)
            .AddCheck<SchemaCheck>("schema", tags: [Ready], timeout: Timeout)
            .AddCheck<DurabilityAgentCheck>("wolverine-durability-agent", tags: [Ready], timeout: Timeout);
        return services;
    }

    public static void MapReadiness(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous().DisableRateLimiting();
        // Degraded (a cold cluster whose leader has not yet handed out the durability agent) is not ready either.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Ready),
            ResponseWriter = WriteAsync,
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        }).AllowAnonymous().DisableRateLimiting();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description ?? e.Value.Exception?.Message }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }
}

/// <summary>The database answers a query.</summary>
public sealed class DatabaseCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy("answers");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("unreachable: " + e.Message);
        }
    }
}

/// <summary>Every table Marten and Wolverine expect exists (the schema was applied: at start-up, or by db-apply).</summary>
public sealed class SchemaCheck(IDocumentStore store, IWolverineRuntime runtime) : IHealthCheck
{
    private string[]? _tables;

    private string[] Tables => _tables ??= store.Storage.AllObjects()
        .Concat((runtime.Storage as Weasel.Core.Migrations.IDatabase)?.AllObjects() ?? [])
        .OfType<Table>().Select(t => t.Identifier.QualifiedName).Distinct().Order().ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select schemaname || '.' || tablename from pg_tables where schemaname || '.' || tablename = any(@names)", connection);
            command.Parameters.AddWithValue("names", Tables);
            var found = new HashSet<string>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) found.Add(reader.GetString(0));
            var missing = Tables.Where(t => !found.Contains(t)).ToList();
            return missing.Count == 0
                ? HealthCheckResult.Healthy($"{Tables.Length} tables")
                : HealthCheckResult.Unhealthy($"missing {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}: apply the schema (db-apply, or start one node)");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("cannot be read: " + e.Message);
        }
    }
}

/// <summary>
/// Wolverine's durability agent (timers coming due, recovery of a dead node's messages) runs: on this node, where its
/// own health is asked, or on the node the leader gave it to (balanced mode), as the node table says.
/// </summary>
public sealed class DurabilityAgentCheck(IWolverineRuntime runtime) : IHealthCheck
{
    private const string Scheme = "wolverinedb";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            var local = runtime.Agents.AllRunningAgentUris().Where(u => u.Scheme == Scheme).ToList();
            foreach (var uri in local)
            {
                if (!runtime.Agents.TryFindActiveAgent<IAgent>(uri, out var agent)) continue;
                var health = await agent.CheckHealthAsync(context, ct);
                if (health.Status != HealthStatus.Healthy)
                    return new HealthCheckResult(context.Registration.FailureStatus, $"{uri} on this node: {health.Description}", health.Exception);
            }
            if (local.Count > 0) return HealthCheckResult.Healthy("running on this node");
            if (runtime.Options.Durability.Mode == Wolverine.DurabilityMode.Solo) return HealthCheckResult.Unhealthy("not running (solo mode runs it on this node)");

            var nodes = await runtime.Storage.Nodes.LoadAllNodesAsync(ct);
            var owner = nodes.FirstOrDefault(n => n.ActiveAgents.Any(a => a.Scheme == Scheme));
            return owner is null
                ? HealthCheckResult.Degraded($"no node runs it yet ({nodes.Count} node(s) registered; the leader hands it out within seconds of taking the lead)")
                : HealthCheckResult.Healthy($"running on node {owner.AssignedNodeNumber}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("unknown: " + e.Message);
        }
    }
}
