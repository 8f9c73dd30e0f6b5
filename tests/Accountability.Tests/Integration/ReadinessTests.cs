using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Accountability.Tests.Integration.ProcessCallers;

namespace Accountability.Tests.Integration;

/// <summary>/health/ready follows the database: false while PostgreSQL is stopped, true again once it is back, with no one restarting the service.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ReadinessTests
{
    private readonly ProcessCallers _callers = new();

    [Fact]
    public async Task Ready_is_false_while_postgres_is_stopped_and_true_after_it_returns_and_the_service_recovers_on_its_own()
    {
        await using var postgres = await TestPostgres.StartAsync();
        var database = await postgres.DatabaseAsync("accountability_ready");
        // Balanced mode, as in production: the leader election and the durability agent have to recover too.
        await using var service = await ServiceProcess.StartAsync(database, _callers.KeyText, _callers.Settings(new() { ["Wolverine__HealthCheckPollingTime"] = "00:00:01" }));
        using var probe = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(10) };
        async Task<(HttpStatusCode Status, JsonElement Body)> Ready()
        {
            var response = await probe.GetAsync("/health/ready");
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }
        await ServiceFixture.EventuallyAsync(Ready, r => r.Status == HttpStatusCode.OK, "ready after start-up", 60_000);

        await postgres.StopServerAsync();
        var down = await ServiceFixture.EventuallyAsync(Ready, r => r.Status == HttpStatusCode.ServiceUnavailable, "not ready while PostgreSQL is stopped", 30_000);
        Assert.Equal("unhealthy", down.Body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode); // alive: nothing to restart
        // The container's health check command says the same.
        Assert.Equal(1, (await ServiceProcess.RunAsync(["probe", new Uri(service.Address, "/health/ready").ToString()], new())).ExitCode);

        await postgres.StartServerAsync();
        var up = await ServiceFixture.EventuallyAsync(Ready, r => r.Status == HttpStatusCode.OK, "ready again after PostgreSQL returns", 90_000);
        Assert.All(up.Body.GetProperty("checks").EnumerateObject(), c => Assert.Equal("healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal(0, (await ServiceProcess.RunAsync(["probe", new Uri(service.Address, "/health/ready").ToString()], new())).ExitCode);

        // And it works: an import is accepted, and its passed deadlines are marked by the timers it sets.
        var office = service.Client(_callers.Coordinator());
        var ids = await ImportAsync(office, Plan(301, "15/11/2021", "20/11/2021", "25/11/2021"));
        foreach (var id in ids)
            await ServiceFixture.EventuallyAsync(async () => await Json(office, $"/api/assignments/{id}/history"),
                h => h.EnumerateArray().Any(e => e.GetProperty("type").GetString() == "assignment-marked-overdue"), "the deadline marked after recovery", 60_000);
    }
}
