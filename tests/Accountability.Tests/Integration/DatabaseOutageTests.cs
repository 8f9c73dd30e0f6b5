using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Accountability.Security;
using Alba;
using Npgsql;

namespace Accountability.Tests.Integration;

/// <summary>
/// PostgreSQL going away under a running service (issue 13, finding 9): a second host reaches the database through a
/// TCP relay the test cuts, as a stopped server or a lost network would.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class DatabaseOutageTests(ServiceFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly string Plan = ServiceFixture.Plan("98", duties: 2);

    [Fact]
    public async Task While_the_database_is_out_of_reach_every_answer_is_503_with_retry_after_and_health_says_so()
    {
        var database = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"));
        await using var relay = TcpRelay.Start(database.Host!, database.Port);
        var throughRelay = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 };
        await using var host = await fixture.StartHostAsync(b => b.UseSetting("ConnectionStrings:Marten", throughRelay.ConnectionString));
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Token(Roles.Coordinator));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/assignments")).StatusCode);

        relay.Cut();
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("unreachable", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("database").GetString());
        Assert.True(health.Headers.RetryAfter is not null);
        foreach (var request in new Func<HttpRequestMessage>[]
        {
            () => new(HttpMethod.Get, "/api/assignments"),
            () => new(HttpMethod.Get, "/api/alerts"),
            () => new(HttpMethod.Post, $"/api/assignments/{Guid.NewGuid()}/withdraw") { Content = JsonContent.Create(new { reason = "Kế hoạch điều chỉnh" }) },
            () => new(HttpMethod.Post, "/api/plans") { Content = new StringContent(Plan, System.Text.Encoding.UTF8, "text/plain") },
        })
        {
            var made = request();
            var answer = await client.SendAsync(made);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{made.Method} {made.RequestUri}: {(int)answer.StatusCode} {text}");
            Assert.True(answer.Headers.RetryAfter is not null, $"{made.RequestUri}: no Retry-After");
            Assert.Equal("The database is not available", JsonDocument.Parse(text).RootElement.GetProperty("title").GetString());
            Assert.DoesNotContain("   at ", text);
            Assert.DoesNotContain(relay.Port.ToString(), text);
        }

        relay.Mend();
        await ServiceFixture.EventuallyAsync(async () => (await client.GetAsync("/health")).StatusCode, s => s == HttpStatusCode.OK, "health to come back");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/assignments")).StatusCode);
    }
}

/// <summary>A TCP relay to a server that a test can cut (every connection dropped, new ones refused) and mend on the same port.</summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private TcpListener _listener;
    private CancellationTokenSource _running = new();

    public int Port { get; }

    private TcpRelay(string host, int targetPort)
    {
        (_host, _targetPort) = (host, targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(_listener, _running.Token);
    }

    public static TcpRelay Start(string host, int targetPort) => new(host, targetPort);

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var inbound = await listener.AcceptTcpClientAsync(ct);
                var outbound = new TcpClient();
                await outbound.ConnectAsync(_host, _targetPort, ct);
                lock (_open) _open.AddRange([inbound, outbound]);
                _ = PumpAsync(inbound, outbound, ct);
                _ = PumpAsync(outbound, inbound, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken ct)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream(), ct); }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or SocketException) { }
        finally { to.Close(); }
    }

    /// <summary>The database is gone: open connections break, new ones are refused.</summary>
    public void Cut()
    {
        _running.Cancel();
        _listener.Stop();
        lock (_open)
        {
            foreach (var c in _open) c.Close();
            _open.Clear();
        }
    }

    /// <summary>The database is back, on the same port.</summary>
    public void Mend()
    {
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener, _running.Token);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        _running.Dispose();
        return ValueTask.CompletedTask;
    }
}
