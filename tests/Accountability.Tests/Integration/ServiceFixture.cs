using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Accountability.Deadlines;
using Accountability.Security;
using Microsoft.IdentityModel.Tokens;
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

    /// <summary>The service's notification settings: the defaults, with webhook retries a test can wait for and local receivers.</summary>
    public NotificationPolicy Policy { get; } = new()
    {
        WebhookBackoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)],
        AllowPrivateWebhooks = true, // the tests' receivers listen on 127.0.0.1
        PublicUrl = "https://theo-doi.example.gov.vn",
    };

    /// <summary>The mail server the service e-mails notices through: a real SMTP server in this process.</summary>
    public TestSmtpServer Smtp { get; } = TestSmtpServer.Start();

    public async Task InitializeAsync()
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        if (string.IsNullOrEmpty(connection))
            throw new InvalidOperationException("Integration tests need PostgreSQL: run them with ops/test, which starts the local cluster and sets ConnectionStrings__Marten.");
        Host = await StartAsync();
    }

    /// <summary>Every error the service logs (tests of bad input assert that they log none).</summary>
    public CapturedErrors Logs { get; } = new();

    /// <summary>The development key the test host trusts; tests sign their tokens with it.</summary>
    public SymmetricSecurityKey TokenKey { get; } = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>The test host's audit keys and written checkpoints: its own folder, kept across restarts of the host.</summary>
    public string AuditFolder { get; } = Directory.CreateTempSubdirectory("accountability-audit-").FullName;

    public string CheckpointFolder => Path.Combine(AuditFolder, "checkpoints");

    private Task<IAlbaHost> StartAsync() => StartHostAsync();

    /// <summary>A host as the collection's (same keys, clock and settings), with more settings when a test needs them.</summary>
    public Task<IAlbaHost> StartHostAsync(Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? more = null) => AlbaHost.For<Program>(b => b
        .UseSetting("Auth:DevelopmentKey", Convert.ToBase64String(TokenKey.Key))
        .UseSetting("Audit:SigningKeyFile", Path.Combine(AuditFolder, "audit-signing-key.pem"))
        .UseSetting("Audit:CheckpointFolder", CheckpointFolder)
        // Tests write checkpoints when they want one (WriteAuditCheckpoint); none is scheduled on its own.
        .UseSetting("Audit:CheckpointInterval", "00:00:00")
        // Every test calls as the same few callers, many times a minute: the per-caller limits are tested on their own (RateLimitTests).
        .UseSetting("RateLimits:Enabled", "false")
        .UseSetting("Notifications:Smtp:Host", "127.0.0.1")
        .UseSetting("Notifications:Smtp:Port", Smtp.Port.ToString())
        .UseSetting("Notifications:Smtp:From", "Văn phòng UBND tỉnh <theo-doi@example.gov.vn>")
        .UseSetting("Notifications:Smtp:UseTls", "false")
        .ConfigureServices(services =>
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        services.RemoveAll<NotificationPolicy>();
        services.AddSingleton(Policy);
        // Timers are set on the service's (fake) clock as delays, so the message store's own polling only
        // matters for webhook retries, which tests wait for.
        services.ConfigureWolverine(o =>
        {
            o.Durability.Mode = DurabilityMode.Solo;
            o.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(200);
        });
    }).Apply(more));

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Smtp.DisposeAsync();
        Directory.Delete(AuditFolder, recursive: true);
    }

    /// <summary>Stops the service and starts it again on the same database and clock (what a restart does).</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        Host = await StartAsync();
    }

    /// <summary>
    /// Empties the store and the message tables (timers of earlier tests must not fire into this one).
    /// A handler of the previous test may still be writing (a deadline check, a webhook retry); emptying the
    /// tables under it can make PostgreSQL pick the reset as a deadlock victim, so the reset is tried again.
    /// </summary>
    public async Task ResetAsync()
    {
        // Let the previous test's queued work (a notice's delivery, a digest) finish first, on that test's clock and
        // before its mail is cleared: assignment ids follow from the plan, so a late delivery would otherwise append to
        // this test's assignment of the same id, and a late digest would land in this test's mailbox.
        var admin = Host.Services.GetRequiredService<IMessageStore>().Admin;
        for (var waited = 0; waited < 100 && (await admin.FetchCountsAsync()).Incoming > 0; waited++) await Task.Delay(50);
        Clock.SetUtcNow(Start);
        Smtp.Messages.Clear();
        if (Directory.Exists(CheckpointFolder)) Directory.Delete(CheckpointFolder, recursive: true);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Host.Services.GetRequiredService<IMessageStore>().Admin.ClearAllAsync();
                await Host.Services.GetRequiredService<IDocumentStore>().Advanced.ResetAllData();
                // Evidence bytes live in a table of their own, which Marten's reset leaves alone (Assignments/Evidence).
                await SqlAsync($"delete from accountability.{Accountability.Assignments.Evidence.EvidenceStore.TableName}");
                break;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState is Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.LockNotAvailable && attempt < 5)
            {
                await Task.Delay(100 * attempt);
            }
        }
        Host.Services.GetRequiredService<WorkingCalendarSource>().Use(new WorkingCalendar());
    }

    /// <summary>Runs SQL on the service's database directly, as a database writer would (tamper tests).</summary>
    public async Task SqlAsync(string sql)
    {
        await using var connection = Host.Services.GetRequiredService<IDocumentStore>().Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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
        var tracked = await TrackAsync(async () => response = await Client().PostAsync("/api/plans", content));
        return (response!, tracked);
    }

    /// <summary>
    /// Runs the act and waits for everything it set in motion, deadline checks and notices included. Checks and the
    /// notices they issue run in batches (Deadlines/CheckDeadline.cs, Notifications/DeliverNotice.cs): one the act
    /// started runs up to a batch wait after the act returns, on a batch envelope the tracked session never saw sent.
    /// Waiting for the batches inside the session lets the session see them run, and wait for what they send in turn
    /// (deliveries, the next timers).
    /// </summary>
    public Task<ITrackedSession> TrackAsync(Func<Task> act, int timeoutMs = 60_000) =>
        Host.ExecuteAndWaitAsync(async (IMessageContext _) =>
        {
            await act();
            await BatchesDoneAsync<CheckDeadline>();
            await BatchesDoneAsync<Accountability.Assignments.SendNotice>();
        }, timeoutMs);

    /// <summary>
    /// Handles the message here and now (checks as a batch of one), and waits as <see cref="TrackAsync"/> does for the
    /// notices it issued; not for the timers it set (a check an instant early sets itself again for that instant).
    /// </summary>
    public Task<ITrackedSession> InvokeAsync(object message, int timeoutMs = 60_000) =>
        Host.ExecuteAndWaitAsync(async (IMessageContext bus) =>
        {
            await bus.InvokeAsync(message is CheckDeadline check ? new[] { check } : message);
            await BatchesDoneAsync<Accountability.Assignments.SendNotice>();
        }, timeoutMs);

    private async Task BatchesDoneAsync<T>()
    {
        var pending = ((Wolverine.Runtime.WolverineRuntime)Host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>()).BatchingPendingCounts;
        await Task.Delay(CheckDeadlineHandler.BatchWait * 3);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (pending.PendingForBatchedMessage<T>() > 0 && watch.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
    }

    /// <summary>A token signed with the test host's development key, issued on the service's clock.</summary>
    public string Token(string role, string? agency = null, string? subject = null, TimeSpan? lifetime = null, string? jurisdiction = null) =>
        Authentication.IssueDevelopmentToken(TokenKey, role, agency, subject, lifetime ?? TimeSpan.FromHours(8), Clock.GetUtcNow(), jurisdiction: jurisdiction);

    /// <summary>A client that sends the given token (or none).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = Host.Server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A client acting as the party each call belongs to: the agency holding the assignment for the agency's
    /// commands (acknowledge, progress, complete, correct-completion, decline), the coordinating office for
    /// everything else. Tests of who may do what use <see cref="ClientWith"/> with explicit tokens instead.
    /// </summary>
    public HttpClient Client() => new(new ActingParty(this) { InnerHandler = Host.Server.CreateHandler() }) { BaseAddress = Host.Server.BaseAddress };

    private sealed class ActingParty(ServiceFixture fixture) : DelegatingHandler
    {
        private static readonly System.Text.RegularExpressions.Regex AgencyCommand =
            new(@"^/api/assignments/(?<id>[0-9a-fA-F-]{36})/(acknowledge|progress|complete|correct-completion|decline|extension-requests)$");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var coordinator = fixture.Token(Roles.Coordinator);
            string token = coordinator;
            if (request.Method == HttpMethod.Post && AgencyCommand.Match(request.RequestUri!.AbsolutePath) is { Success: true } m)
            {
                var lookup = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri, $"/api/assignments/{m.Groups["id"].Value}"));
                lookup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", coordinator);
                using var found = await base.SendAsync(lookup, ct);
                if (found.IsSuccessStatusCode)
                {
                    var agency = (await found.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("agencyId").GetString();
                    token = fixture.Token(Roles.Agency, agency);
                }
            }
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", token);
            return await base.SendAsync(request, ct);
        }
    }

    /// <summary>
    /// A plan of Thanh Hóa issued on 01/11/2026 with up to four duties (Nội vụ, Tư pháp, Tài chính, Y tế, due in
    /// December), written the way the reader reads it.
    /// </summary>
    public static string Plan(string number, int duties = 4) => string.Join("\n", new[]
    {
        "ỦY BAN NHÂN DÂN TỈNH THANH HÓA", $"Số: {number}/KH-UBND", "Thanh Hóa, ngày 01 tháng 11 năm 2026", "KẾ HOẠCH", "Cải cách hành chính năm 2026",
        "I. PHÂN CÔNG NHIỆM VỤ",
    }.Concat(new[]
    {
        "1. Sở Nội vụ rà soát thủ tục hành chính, hoàn thành trước ngày 15/12/2026.",
        "2. Sở Tư pháp rà soát văn bản quy phạm pháp luật, hoàn thành trước ngày 20/12/2026.",
        "3. Sở Tài chính bố trí kinh phí, hoàn thành trước ngày 25/12/2026.",
        "4. Sở Y tế tổ chức khám, chữa bệnh, hoàn thành trước ngày 25/12/2026.",
    }.Take(duties)));

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

/// <summary>Collects what the service logs at Error or above, with its category and exception.</summary>
public sealed class CapturedErrors : Microsoft.Extensions.Logging.ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Entries { get; } = new();

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string category) => new Logger(this, category);

    public void Dispose() { }

    private sealed class Logger(CapturedErrors sink, string category) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel level) => level >= Microsoft.Extensions.Logging.LogLevel.Error;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel level, Microsoft.Extensions.Logging.EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(level)) sink.Entries.Enqueue($"{level} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
        }
    }
}

internal static class WebHostBuilderExtensions
{
    public static Microsoft.AspNetCore.Hosting.IWebHostBuilder Apply(this Microsoft.AspNetCore.Hosting.IWebHostBuilder builder, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? more)
    {
        more?.Invoke(builder);
        return builder;
    }
}
