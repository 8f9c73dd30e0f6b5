using System.Net;
using System.Net.Sockets;
using Accountability.Deadlines;
using Accountability.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Persistence.Durability;

namespace Accountability.Benchmarks.Load;

/// <summary>
/// The service as it runs in production (ServiceHost.Build, Kestrel on a free loopback port, real PostgreSQL),
/// started inside the benchmark process so the driver can set its clock and notification policy. Two bare
/// endpoints are added for the same-run baselines: one row inserted, one row read, with Npgsql and nothing else.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    public const string BaselineTable = "bench_baseline_rows";

    private readonly WebApplication _app;

    public OffsetClock Clock { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;
    public IDocumentStore Store => _app.Services.GetRequiredService<IDocumentStore>();

    private ServiceUnderTest(WebApplication app, OffsetClock clock, Uri baseAddress)
    {
        _app = app;
        Clock = clock;
        BaseAddress = baseAddress;
    }

    /// <param name="joining">Another node on the database of a host already started: nothing is dropped.</param>
    public static async Task<ServiceUnderTest> StartAsync(string connection, DateTimeOffset now, NotificationPolicy? policy = null, Action<WebApplicationBuilder>? configure = null,
        bool joining = false)
    {
        // A clean database for every host: what an earlier scenario left (open assignments past their deadline)
        // would otherwise be swept and checked at start-up, in the middle of the next measurement.
        if (!joining)
        {
            await using var clean = NpgsqlDataSource.Create(connection);
            await using var drop = clean.CreateCommand("drop schema if exists accountability cascade");
            await drop.ExecuteNonQueryAsync();
        }
        var clock = new OffsetClock(now);
        var port = FreePort();
        // Development: the driver signs its own tokens with a development key, which production refuses.
        var app = ServiceHost.Build(["--applicationName", "Accountability", "--environment", "Development", "--urls", $"http://127.0.0.1:{port}"], builder =>
        {
            builder.Configuration["ConnectionStrings:Marten"] = connection;
            // The driver is one caller sending thousands of commands a minute: the per-caller limits would measure themselves.
            builder.Configuration["RateLimits:Enabled"] = "false";
            // One event chain key for every host of this run: nodes joining a database must link events under the
            // same key (without a file each host would make its own, and relink the whole store under it at start).
            builder.Configuration["Audit:ChainKeyFile"] = ChainKeyFile;
            // The service checks bearer tokens like in production; the driver signs its own with this key.
            builder.Configuration["Auth:DevelopmentKey"] = Convert.ToBase64String(TokenKey.Key);
            // Warnings only, as before the settings files existed (their default level would log each request).
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Wolverine.Runtime.WolverineRuntime", LogLevel.Error);
            // ServiceHost registers the system clock and the configured policy after this callback; replace them
            // when the container is built, after every registration.
            builder.Host.UseServiceProviderFactory(new Replacing(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
                if (policy is not null)
                {
                    services.RemoveAll<NotificationPolicy>();
                    services.AddSingleton(policy);
                }
            }));
            builder.Services.ConfigureWolverine(o =>
            {
                o.ApplicationAssembly = typeof(ServiceHost).Assembly;
                o.Discovery.IncludeAssembly(typeof(ServiceHost).Assembly);
            });
            configure?.Invoke(builder);
        });
        if (app.Services.GetRequiredService<TimeProvider>() != clock)
            throw new InvalidOperationException("bench: the service does not run on the benchmark's clock");
        // The same connection settings as the service's (statements prepared), so the baseline is the best the
        // machine does with one insert or one read per request.
        var dataSource = NpgsqlDataSource.Create(Accountability.Infrastructure.ServiceHost.Prepared(connection));
        app.MapPost("/bench/baseline/insert", async (HttpContext _) =>
        {
            await using var cmd = dataSource.CreateCommand($"insert into {BaselineTable} (id, at, data) values ($1, now(), $2)");
            cmd.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = "{\"percent\": 50}", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
            await cmd.ExecuteNonQueryAsync();
            return Results.Ok(new { ok = true });
        }).AllowAnonymous(); // bare: no sign-in (the service's fallback policy would send the call to the sign-in page)
        app.MapGet("/bench/baseline/read/{id:int}", async (int id) =>
        {
            await using var cmd = dataSource.CreateCommand($"select data::text from {BaselineTable}_read where id = $1");
            cmd.Parameters.Add(new NpgsqlParameter { Value = id });
            var data = (string?)await cmd.ExecuteScalarAsync();
            return Results.Text(data ?? "{}", "application/json");
        }).AllowAnonymous();
        await using (var cmd = dataSource.CreateCommand($"""
            create table if not exists {BaselineTable} (id uuid, at timestamptz, data jsonb);
            create table if not exists {BaselineTable}_read (id int primary key, data jsonb);
            """))
            await cmd.ExecuteNonQueryAsync();
        await app.StartAsync();
        return new ServiceUnderTest(app, clock, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Empties the store, the message tables and the baseline tables (each scenario starts from nothing).</summary>
    public async Task ResetAsync()
    {
        await Services.GetRequiredService<IMessageStore>().Admin.ClearAllAsync();
        await Store.Advanced.ResetAllData();
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"truncate {BaselineTable}; truncate {BaselineTable}_read;", connection);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Fresh planner statistics after a bulk load, as autovacuum would give a table that grew by this much; without
    /// them PostgreSQL plans against the emptied tables' old numbers and a 30 s command timeout can fire.
    /// </summary>
    public async Task AnalyzeAsync()
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("analyze", connection) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static readonly string ChainKeyFile = Path.Combine(Path.GetTempPath(), $"accountability-bench-{Environment.ProcessId}", "audit-chain-key");

    /// <summary>The development key this run's service trusts (one per benchmark process).</summary>
    private static readonly Microsoft.IdentityModel.Tokens.SymmetricSecurityKey TokenKey = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string?), string> _tokens = new();

    /// <summary>A token for a role (and agency), signed once per run and reused, as a client keeps its token.</summary>
    public string Token(string role, string? agency = null) => _tokens.GetOrAdd((role, agency), k =>
        Accountability.Security.Authentication.IssueDevelopmentToken(TokenKey, k.Item1, k.Item2, null, TimeSpan.FromDays(3650), Clock.GetUtcNow() - TimeSpan.FromDays(1)));

    /// <summary>A client sending the coordinator's token (agency commands set their agency's token per request).</summary>
    public HttpClient Client()
    {
        // No redirects followed: an API call sent to the sign-in page must count as failed, not as a fast success.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(Accountability.Security.Roles.Coordinator));
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The default container, with registrations replaced once every other registration is in.</summary>
internal sealed class Replacing(Action<IServiceCollection> replace) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        replace(services);
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection services) =>
        services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = false, ValidateOnBuild = false });
}

/// <summary>
/// The service's clock: real time moved by an offset. Time runs, so Wolverine's timers (delays measured on this
/// clock, fired on the real one) come due when this clock says so; the driver sets the offset to put "now" anywhere.
/// </summary>
public sealed class OffsetClock : TimeProvider
{
    private long _offsetTicks;

    public OffsetClock(DateTimeOffset now) => Set(now);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now.ToUniversalTime() - System.GetUtcNow()).Ticks);
}
