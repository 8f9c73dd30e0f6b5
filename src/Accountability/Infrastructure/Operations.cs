using System.Globalization;
using Marten;
using Wolverine;

namespace Accountability.Infrastructure;

/// <summary>What running the service on a province's servers needs, wired in one place (docs/operations.md).</summary>
public static class Operations
{
    /// <summary>Wolverine's node timings that are settings ("Wolverine:StaleNodeTimeout": "00:01:00").</summary>
    private static readonly (string Key, Action<DurabilitySettings, TimeSpan> Set)[] WolverineTimings =
    [
        ("HealthCheckPollingTime", (d, t) => d.HealthCheckPollingTime = t),
        ("StaleNodeTimeout", (d, t) => d.StaleNodeTimeout = t),
        ("ScheduledJobPollingTime", (d, t) => d.ScheduledJobPollingTime = t),
    ];

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettingsValidation();
        services.AddQuietLogs();
        services.AddReadinessChecks();
        services.AddAccountabilityRateLimits(builder.Configuration);
        services.AddHostedService<StartupLock>();
        services.AddSingleton<Audit.AuditKeyRing>();
        services.AddHostedService<Audit.AuditKeyRegistration>();
        services.ConfigureMarten(o => o.RegisterDocumentType<Audit.AuditKey>());
        services.ConfigureWolverine(o =>
        {
            foreach (var (key, set) in WolverineTimings)
                if (builder.Configuration[$"Wolverine:{key}"] is { Length: > 0 } value)
                    set(o.Durability, TimeSpan.Parse(value, CultureInfo.InvariantCulture));
        });
        return builder;
    }

    public static IEnumerable<string> WolverineProblems(IConfiguration c) =>
        WolverineTimings.Select(t => Settings.Duration(c, $"Wolverine:{t.Key}", TimeSpan.FromMilliseconds(100))).OfType<string>();
}
