using Accountability.Infrastructure;
using Marten;

namespace Accountability.Agencies.Successions;

/// <summary>
/// At start-up, once per version of the national table: duties issued before the service knew the table (a 2021 plan
/// imported in 2024, kept in an existing database) move to their successors now. New imports and the office's entries
/// move theirs themselves; this is for what was already stored. Runs under the start-up lock (one node at a time).
/// Bump <see cref="Version"/> when succession.json gains entries that are already in force.
/// </summary>
public sealed class SuccessionSweep(IDocumentStore store, TimeProvider clock, ILogger<SuccessionSweep> log) : IHostedService
{
    public const int Version = 1;
    public static readonly string Marker = $"NationalSuccessions:{Version}";

    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ProjectionBuilt>(Marker, ct) is not null) return;
        var now = clock.GetUtcNow();
        var moved = 0;
        foreach (var agency in await session.Query<Agency>().Where(a => a.MergedInto == null).OrderBy(a => a.Id).ToListAsync(ct))
            if (await SuccessionTransfers.ForAsync(session, agency.Id, agency.Name, ct) is { } s)
                moved += (await SuccessionTransfers.TakeEffectAsync(session, s, now, ct)).Count;
        session.Store(new ProjectionBuilt(Marker, now));
        await session.SaveChangesAsync(ct);
        if (moved > 0) log.LogInformation("Successions: {Count} open duties of agencies that ended moved to their successors", moved);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
