using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Accountability.Tests.Integration.ProcessCallers;

namespace Accountability.Tests.Integration;

/// <summary>The per-caller limits, set low through configuration, on the built service; and what its log says meanwhile.</summary>
[Collection(ServiceCollection.Name)]
public sealed class RateLimitTests
{
    private readonly ProcessCallers _callers = new();

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string what)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains(what, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Over_the_limit_a_caller_gets_429_with_retry_after_while_other_callers_and_reads_go_on()
    {
        var database = await ServiceProcess.FreshDatabaseAsync("accountability_limits");
        await using var service = await ServiceProcess.StartAsync(database, _callers.KeyText, _callers.Settings(new()
        {
            ["RateLimits__Imports__PermitLimit"] = "2", ["RateLimits__Commands__PermitLimit"] = "3",
            ["Wolverine__Durability"] = "Solo", ["Logging__LogLevel__Default"] = "Information",
        }));
        var office = service.Client(_callers.Coordinator());
        var requests = 0;

        // Imports: two a minute for this caller; the same plan again counts too.
        var ids = await ImportAsync(office, Plan(201, "15/12/2099", "20/12/2099", "25/12/2099"));
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsync("/api/plans", Plan(201, "15/12/2099", "20/12/2099", "25/12/2099"))).StatusCode);
        await AssertTooManyAsync(await office.PostAsync("/api/plans", Plan(202, "15/12/2099", "20/12/2099", "25/12/2099")), "At most 2 imports per minute per caller");
        requests += 3;
        // Another caller has a count of its own, and reads are not limited.
        await ImportAsync(service.Client(_callers.Coordinator("another-officer")), Plan(202, "15/12/2099", "20/12/2099", "25/12/2099"));
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/api/assignments")).StatusCode);
        requests += 2;

        // Commands: three a minute per caller, whatever their answer (a 409 counts as much as a 200).
        var agency = (await Json(office, $"/api/assignments/{ids[1]}")).GetProperty("agencyId").GetString()!;
        var clerk = service.Client(_callers.Agency(agency));
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsJsonAsync($"/api/assignments/{ids[1]}/complete", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync($"/api/assignments/{ids[1]}/complete", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync($"/api/assignments/{ids[1]}/acknowledge", new { })).StatusCode);
        await AssertTooManyAsync(await clerk.PostAsJsonAsync($"/api/assignments/{ids[1]}/acknowledge", new { }), "At most 3 commands per minute per caller");
        requests += 5;
        var other = (await Json(office, $"/api/assignments/{ids[2]}")).GetProperty("agencyId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await service.Client(_callers.Agency(other)).PostAsJsonAsync($"/api/assignments/{ids[2]}/acknowledge", new { })).StatusCode);
        requests += 2;

        // Quiet logs: one line per request, and no refusal (409, 429) logged as a failure with a stack trace.
        var log = await ServiceFixture.EventuallyAsync(() => Task.FromResult(service.Log), l => CountRequestLines(l) >= requests, "every request's log line");
        Assert.Equal(requests, CountRequestLines(log));
        Assert.Contains("POST /api/assignments/" + ids[1] + "/complete 409", log);
        Assert.DoesNotContain("fail:", log);
        Assert.DoesNotContain("Invocation of", log);
        Assert.DoesNotContain("   at ", log);
    }

    private static int CountRequestLines(string log) => log.Split('\n').Count(l => l.Contains("Accountability.Infrastructure.RequestLog"));
}
