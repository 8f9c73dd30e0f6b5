using Accountability.Deadlines;
using Alba;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Tracking;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Accountability.Tests.Integration;

/// <summary>
/// One real host per test collection, over the real PostgreSQL that ops/test starts (ConnectionStrings__Marten,
/// database accountability_tests). Each test resets the store first.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>Where the service's clock stands when each test begins: 24/11/2026, 10:00 in Vietnam.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    /// <summary>The service's clock; each test starts it at <see cref="Start"/> and moves it.</summary>
    public TestClock Clock { get; } = new(Start);

    /// <summary>The service's notification settings: the defaults, with webhook retries a test can wait for.</summary>
    public NotificationPolicy Policy { get; } = new() { WebhookBackoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)] };

    public async Task InitializeAsync()
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        if (string.IsNullOrEmpty(connection))
            throw new InvalidOperationException("Integration tests need PostgreSQL: run them with ops/test, which starts the local cluster and sets ConnectionStrings__Marten.");
        Host = await StartAsync();
    }

    private Task<IAlbaHost> StartAsync() => AlbaHost.For<Program>(b => b.ConfigureServices(services =>
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
        services.RemoveAll<NotificationPolicy>();
        services.AddSingleton(Policy);
        // Timers are set on the service's (fake) clock as delays, so the message store's own polling only
        // matters for webhook retries, which tests wait for.
        services.ConfigureWolverine(o => o.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(200));
    }));

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Stops the service and starts it again on the same database and clock (what a restart does).</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        Host = await StartAsync();
    }

    /// <summary>Empties the store and the message tables (timers of earlier tests must not fire into this one).</summary>
    public async Task ResetAsync()
    {
        Clock.SetUtcNow(Start);
        await Host.Services.GetRequiredService<IMessageStore>().Admin.ClearAllAsync();
        await Host.Services.GetRequiredService<IDocumentStore>().Advanced.ResetAllData();
        Host.Services.GetRequiredService<WorkingCalendarSource>().Use(new WorkingCalendar());
    }

    /// <summary>Polls until the condition holds (for work the service does on its own, like a webhook retry).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int timeoutMs = 20_000)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (watch.ElapsedMilliseconds > timeoutMs) throw new TimeoutException($"Waited {timeoutMs} ms for {what}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Posts a plan and waits for the work the import starts (deadline checks of past-due assignments).</summary>
    public async Task<HttpResponseMessage> ImportAsync(HttpContent content) => (await ImportTrackedAsync(content)).Response;

    /// <summary>As <see cref="ImportAsync"/>, with what the import set in motion (timers scheduled, checks run).</summary>
    public async Task<(HttpResponseMessage Response, ITrackedSession Tracked)> ImportTrackedAsync(HttpContent content)
    {
        HttpResponseMessage? response = null;
        var tracked = await Host.ExecuteAndWaitAsync(async (IMessageContext _) => response = await Host.Server.CreateClient().PostAsync("/api/plans", content), 60_000);
        return (response!, tracked);
    }

    public Task<HttpResponseMessage> ImportSeedAsync(string seed)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Seeds", seed)));
        content.Headers.ContentType = new("text/plain") { CharSet = "utf-8" };
        return ImportAsync(content);
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}

/// <summary>
/// A clock a test sets to any instant, backwards too (each test starts from the same day). The service only
/// reads the time from it; its timers are Wolverine's, set as delays on this clock.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Any offset is accepted; the clock answers in UTC, as TimeProvider.System does.</summary>
    public void SetUtcNow(DateTimeOffset now) => _now = now.ToUniversalTime();

    public void Advance(TimeSpan by) => _now += by;
}
