using Alba;
using Wolverine.Tracking;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Accountability.Tests.Integration;

/// <summary>
/// One real host per test collection, over the real PostgreSQL that ops/test starts (ConnectionStrings__Marten,
/// database accountability_tests). Each test resets the store first.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The service's clock; tests move it (forward only).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        if (string.IsNullOrEmpty(connection))
            throw new InvalidOperationException("Integration tests need PostgreSQL: run them with ops/test, which starts the local cluster and sets ConnectionStrings__Marten.");
        Host = await AlbaHost.For<Program>(b => b.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        }));
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public Task ResetAsync() => Host.Services.GetRequiredService<IDocumentStore>().Advanced.ResetAllData();

    /// <summary>Posts a plan and waits for the work the import starts (deadline checks of past-due assignments).</summary>
    public async Task<HttpResponseMessage> ImportAsync(HttpContent content)
    {
        HttpResponseMessage? response = null;
        await Host.ExecuteAndWaitAsync(async (Wolverine.IMessageContext _) => response = await Host.Server.CreateClient().PostAsync("/api/plans", content), 60_000);
        return response!;
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
