using JasperFx.Events.Daemon;
using Marten;

namespace Accountability.Infrastructure;

/// <summary>Marks that a read model was built from all events up to its introduction (or its last change of shape).</summary>
public sealed record ProjectionBuilt(string Id, DateTimeOffset At);

/// <summary>
/// At start-up, before anything reads them: a projection added (or changed) since the store was last used is
/// rebuilt from the events once, so an existing database gets the new read model for its old streams too.
/// Bump a projection's version here when its document changes shape.
/// </summary>
public sealed class ProjectionUpgrades(IDocumentStore store, TimeProvider clock, ILogger<ProjectionUpgrades> log) : IHostedService
{
    private static readonly (Type Projection, int Version)[] Versions =
    [
        // 2: with the plan's jurisdiction (Security/Jurisdictions).
        (typeof(Deadlines.DeadlineAlertProjection), 2),
        (typeof(Scorecards.ScorecardEntry), 2),
        // 2: the assignment keeps the earliest day a reported fact can take effect (EffectiveFrom).
        (typeof(Assignments.Assignment), 2),
        // 3: the assignment keeps the notices issued on it (NoticeIssued events on its stream).
        (typeof(Assignments.Assignment), 3),
        // Jurisdictions: each read model keeps the province it belongs to (Security/Jurisdictions).
        (typeof(Assignments.Assignment), 4),
        (typeof(Plans.Plan), 1),
    ];

    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        foreach (var (projection, version) in Versions)
        {
            var marker = $"{projection.Name}:{version}";
            if (await session.LoadAsync<ProjectionBuilt>(marker, ct) is not null) continue;
            if (await session.Events.QueryAllRawEvents().AnyAsync(ct))
            {
                log.LogInformation("Building {Projection} (version {Version}) from the existing events", projection.Name, version);
                using var daemon = await store.BuildProjectionDaemonAsync();
                await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(10), ct);
            }
            session.Store(new ProjectionBuilt(marker, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
