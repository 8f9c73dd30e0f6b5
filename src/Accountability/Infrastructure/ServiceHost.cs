using Accountability.Assignments;
using Accountability.Plans;
using Accountability.Security;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

namespace Accountability.Infrastructure;

/// <summary>The web service: Marten as event and document store, Wolverine for messaging and HTTP endpoints.</summary>
public static class ServiceHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        // Settings checked before start-up, quiet logs, health checks, rate limits, nodes starting one at a time (docs/operations.md).
        builder.AddOperations();
        var connection = builder.Configuration.GetConnectionString("Marten") ?? "";

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Deadlines.WorkingCalendarSource>();
        // Read when first needed: start-up has checked the settings by then (Infrastructure/Settings.cs).
        builder.Services.AddSingleton(_ => Deadlines.NotificationPolicy.From(builder.Configuration.GetSection("Notifications")));
        builder.Services.AddSingleton(services => new CoordinatingOffice(services.GetRequiredService<Deadlines.NotificationPolicy>().CoordinatingOffice));
        builder.Services.AddSingleton(_ => Notifications.SmtpSettings.Read(builder.Configuration));
        // Webhook calls time out per attempt in the handler; the client itself never waits longer. It connects to
        // public addresses only, unless the settings allow private ones (Notifications/WebhookAddresses.cs).
        builder.Services.AddHttpClient(Notifications.DeliverNoticeHandler.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services => services.GetRequiredService<Deadlines.NotificationPolicy>().AllowPrivateWebhooks
                ? new SocketsHttpHandler()
                : new SocketsHttpHandler { ConnectCallback = Notifications.WebhookAddresses.ConnectPublicAsync });
        // Answers the framework writes without a body (415 from a JSON endpoint sent text, 404, 405) get problem details
        // with a sentence too; no answer carries exception details.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
            {
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json (a plan to POST /api/plans as text/plain or multipart/form-data).",
                StatusCodes.Status404NotFound => "Nothing answers at this address; the API is described at /swagger.",
                StatusCodes.Status405MethodNotAllowed => $"This address does not take {c.HttpContext.Request.Method}; the API is described at /swagger.",
                _ => c.ProblemDetails.Title,
            };
            // Wolverine.Http answers a body it cannot read with the serializer's message, which names .NET types.
            if (c.ProblemDetails.Title == "Invalid JSON format")
                c.ProblemDetails.Detail = System.Text.RegularExpressions.Regex.Match(c.ProblemDetails.Detail ?? "", @"Path: (\S+)") is { Success: true } at
                    ? $"The body is not the JSON this command takes (at {at.Groups[1].Value}); see /swagger for its fields."
                    : "The body is not the JSON this command takes; see /swagger for its fields.";
            c.ProblemDetails.Extensions.Remove("exception");
        });
        ExpectedRefusalsLoggerFactory.Install(builder.Services);
        builder.AddAccountabilityAuth();
        // The office's web app at / (Web/, docs/web.md).
        Web.WebApp.AddWebApp(builder);
        // Bodies without a declared length are cut at the same limit the RequestSizeLimit middleware checks.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestSizeLimit.BytesFrom(builder.Configuration));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddMarten(services =>
            {
                var opts = new StoreOptions();
                opts.Connection(Prepared(connection));
                // Events are stamped by the service's clock, the same one every rule reads: "as of" a moment and
                // the history's recorded times agree with the deadlines decided at that moment (and tests move it).
                opts.Events.TimeProvider = services.GetRequiredService<TimeProvider>();
                opts.DatabaseSchemaName = "accountability";
                opts.Projections.Snapshot<Assignment>(SnapshotLifecycle.Inline);
                // A command's answer is the assignment its handler just fetched for writing, with the new events
                // applied (Wolverine's UpdatedAggregate): kept in the session, not read again. Safe because the
                // aggregates are immutable records.
                opts.Events.UseIdentityMapForAggregates = true;
                opts.Projections.Snapshot<Plan>(SnapshotLifecycle.Inline);
                opts.Projections.Add<Deadlines.DeadlineAlertProjection>(ProjectionLifecycle.Inline);
                // Rebuilds (projections --rebuild, a projection's first build): big pages, one write per assignment
                // per flush instead of one per event, written with COPY (docs/benchmarks.md, projection rebuild).
                opts.Projections.Snapshot<Scorecards.ScorecardEntry>(SnapshotLifecycle.Inline, Rebuilds);
                opts.Projections.RebuildWithBulkCopy = true;
                opts.Schema.For<Scorecards.ScorecardEntry>().Index(e => e.AgencyId).Index(e => e.PlanId).Index(e => e.Jurisdiction);
                // Each event row carries its link in the stream's hash chain, an HMAC the service computes as it appends
                // with a key the database does not hold (Audit/HashChain.cs, docs/audit.md).
                opts.Events.MetadataConfig.HeadersEnabled = true;
                opts.Listeners.Add(new Audit.EventChainListener(services.GetRequiredService<Audit.AuditChainKey>()));
                opts.Schema.For<Deadlines.DeadlineAlert>().Index(a => a.Due).Index(a => a.AgencyId).Index(a => a.Jurisdiction);
                opts.Schema.For<Agencies.Agency>().Identity(a => a.Id).Index(a => a.Jurisdiction);
                opts.Schema.For<Deadlines.YearAdjustments>().Identity(y => y.Year);
                // Inboxes: the notice events folded per notice, in the events' transaction (Notifications/Notice.cs).
                opts.Projections.Add<Notifications.NoticeInbox>(ProjectionLifecycle.Inline);
                opts.Schema.For<Notifications.Notice>().Index(n => n.Recipient).Index(n => n.AssignmentId);
                opts.Schema.For<Notifications.Digest.AgencyDigest>().Index(d => d.Day);
                opts.Schema.For<Notifications.Digest.DigestRun>();
                opts.Schema.For<IdempotentRequest>().UseOptimisticConcurrency(true);
                // Drafts, lists by plan and agency, plans by number (Plans/Drafts, Plans/Listing, Agencies/Directory).
                opts.Schema.For<Plans.Drafts.PlanDraft>().UseOptimisticConcurrency(true).Index(d => d.Status).Index(d => d.Jurisdiction);
                opts.Schema.For<Assignment>().Index(a => a.PlanId).Index(a => a.AgencyId).Index(a => a.Jurisdiction);
                opts.Schema.For<Plan>().Index(p => p.Number).Index(p => p.ParentPlanId).Index(p => p.Jurisdiction).Index(p => p.ImplementsNumber);
                // Evidence files' bytes (bytea), written in their report's transaction (Assignments/Evidence).
                opts.Storage.ExtendedSchemaObjects.Add(Assignments.Evidence.EvidenceStore.Table(opts.DatabaseSchemaName));
                // Inbox read marks: one small document per agency; notices themselves are never edited (Notifications/ReadMarks).
                opts.Schema.For<Notifications.ReadMarks.InboxReadMarks>().Identity(m => m.AgencyId).UseOptimisticConcurrency(true);
                return opts;
            })
            .UseLightweightSessions()
            // Async projections and subscriptions, when there are any, run on one node each, handed out by Wolverine's leader.
            .IntegrateWithWolverine(w => w.UseWolverineManagedEventSubscriptionDistribution = true)
            .ApplyAllDatabaseChangesOnStartup();
        // Hosted services start in the order they are registered. Before Wolverine starts (and with it timers
        // that came due while the service was down): read models caught up, then the year calendars, so no
        // deadline is ever decided on a calendar without the year's announced days off.
        builder.Services.AddSingleton<Audit.AuditChainKey>();
        builder.Services.AddSingleton<Audit.HashChain>();
        builder.Services.AddSingleton<Audit.AuditSigningKey>();
        builder.Services.AddSingleton<Audit.ReadModelCheck>();
        builder.Services.AddSingleton<Audit.CheckpointFolder>();
        builder.Services.AddSingleton<Audit.AuditVerifier>();
        builder.Services.AddHostedService<Audit.HashChainInstaller>();
        builder.Services.AddHostedService<ProjectionUpgrades>();
        builder.Services.AddHostedService<Agencies.Successions.SuccessionSweep>();
        builder.Services.AddHostedService<Deadlines.YearCalendarLoader>();
        builder.Host.UseWolverine(opts =>
        {
            // Balanced: any number of instances share the database; Wolverine elects a leader that hands out the
            // durable agents, so each stored message (a timer, a delivery) is handled by one node, and recovers a
            // dead node's messages. Wolverine:Durability=Solo for a single process that starts faster (tests).
            opts.Durability.Mode = builder.Configuration["Wolverine:Durability"] is "Solo" ? DurabilityMode.Solo : DurabilityMode.Balanced;
            opts.Policies.AutoApplyTransactions();
            // Deadline checks and their timers live in the database: they survive a restart.
            opts.Policies.UseDurableLocalQueues();
            // Timers that came due are fetched every second, 5,000 at a time. Wolverine's defaults (100 every 5 s)
            // release 20 a second: 100,000 timers due at the same instant would wait 80 minutes (docs/benchmarks.md).
            // At 2,000 a second the release alone took 50 s of the storm's 60 s target once the checks kept pace.
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
            opts.Durability.RecoveryBatchSize = 5_000;
            // Two writers on one stream (an agency's report and the deadline check): the loser retries on the
            // new state, where the rules decide again; a second completion is then refused, not lost.
            // (Two checks writing the same notice: the loser's insert fails and its retry finds the notice there.)
            opts.OnException<JasperFx.ConcurrencyException>().Or<JasperFx.DocumentAlreadyExistsException>().RetryWithCooldown(
                TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(150));
            opts.OnException<Npgsql.PostgresException>(e => e.SqlState == "40P01").RetryWithCooldown(
                TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
            // Deadline checks come due in storms (every agency's report on the same day): they are handled in batches,
            // each batch one fetch and one transaction (Deadlines/CheckDeadline.cs, docs/benchmarks.md). Two checks of
            // one assignment never both write: the version each batch fetched is checked at commit, and the loser
            // is tried again on the new state.
            opts.BatchMessagesOf<Deadlines.CheckDeadline>(b =>
            {
                b.BatchSize = Deadlines.CheckDeadlineHandler.BatchSize;
                b.TriggerTime = Deadlines.CheckDeadlineHandler.BatchWait;
            });
            // The notices those checks issue start their other channels in batches too (Notifications/DeliverNotice.cs).
            opts.BatchMessagesOf<Assignments.SendNotice>(b =>
            {
                b.BatchSize = Notifications.SendNoticeHandler.BatchSize;
                b.TriggerTime = Deadlines.CheckDeadlineHandler.BatchWait;
            });
        });
        builder.Services.AddWolverineHttp();
        builder.Services.AddHostedService<DemoSeeds>();
        builder.Services.AddHostedService<Deadlines.DeadlineSweep>();
        builder.Services.AddHostedService<Deadlines.StormWarmUp>();
        builder.Services.AddHostedService<Audit.AuditCheckpointStarter>();
        builder.Services.AddHostedService<Notifications.Digest.DailyDigestStarter>();
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new() { Title = "Accountability", Version = "v1",
                Description = "Plans in, one event stream per assignment. Errors are RFC 7807 problem details. " +
                    "Every endpoint but /health needs a bearer token (roles coordinator, agency, auditor; docs/security.md)." });
            // Swagger UI's "Authorize" button takes a token and sends it with every call.
            o.OperationFilter<PlanDocumentBodyFilter>();
            o.OperationFilter<DeclaredAnswersFilter>();
            o.AddSecurityDefinition("Bearer", new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "A token from the identity provider, or locally: ops/accountability token --role coordinator",
            });
            o.AddSecurityRequirement(document => new Microsoft.OpenApi.OpenApiSecurityRequirement
            {
                [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("Bearer", document)] = [],
            });
        });
        AddTelemetry(builder);

        var app = builder.Build();
        // A setting that cannot work is reported by Program.cs (Settings.Check), one line each, before anything connects.
        // Mapping the endpoints would get there first: the aggregate handlers' code is built against Marten's store.
        if (Settings.Problems(app.Configuration, app.Environment).Any()) return app;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseSwagger();
        app.UseSwaggerUI();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<Security.JurisdictionGate>();
        // After authentication: callers are counted by their token (Infrastructure/RateLimits.cs).
        app.UseRateLimiter();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseAntiforgery();
        app.MapWolverineEndpoints(o =>
        {
            // A query value that does not parse ("dueBefore=abc") is a 400, not a silent default.
            o.RejectUnparseableQueryValues = true;
            o.ApplyRateLimits();
        });
        // Multipart reports with evidence files, beside the JSON commands at the same addresses.
        Assignments.Evidence.EvidenceEndpoints.MapEvidence(app);
        app.MapReadiness();
        Web.WebApp.MapWebApp(app);
        return app;
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs again and again (Marten's inserts, upserts and appends), unless
    /// the connection string says otherwise: parsing and planning each one anew took about two thirds of the database's
    /// time in an import (docs/benchmarks.md, import profile).
    /// </summary>
    public static string Prepared(string connection)
    {
        try
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            // The keys as written (Npgsql's builder knows every keyword): any spelling of this one, 0 included, stands.
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection };
            if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))) return connection;
            b.MaxAutoPrepare = 200;
            b.AutoPrepareMinUsages = 2;
            return b.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connection; // reported by the settings check (Infrastructure/Settings.cs)
        }
    }

    private static void Rebuilds(JasperFx.Events.Projections.AsyncOptions o)
    {
        o.BatchSize = 10_000;
        o.RebuildFlushThreshold = 20_000;
    }

    /// <summary>Traces and metrics for HTTP, Wolverine, Marten and Npgsql; exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
    private static void AddTelemetry(WebApplicationBuilder builder)
    {
        // Without an exporter nothing would read them, yet every HTTP request, message and SQL command would still
        // pay for its activity and measurements (docs/benchmarks.md): instrument only when they go somewhere.
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("accountability"))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddSource("Wolverine").AddSource("Marten").AddNpgsql().AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddMeter("Wolverine*").AddMeter("Marten").AddMeter("Npgsql").AddOtlpExporter();
            });
    }
}
