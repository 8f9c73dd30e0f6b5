using Accountability.Deadlines;
using Marten;

namespace Accountability.Plans;

/// <summary>serve --demo: imports the seed plans at start-up when the database holds no plan yet.</summary>
public sealed class DemoSeeds(IDocumentStore store, IServiceScopeFactory scopes, WorkingCalendar calendar, TimeProvider clock, IConfiguration configuration, ILogger<DemoSeeds> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var folder = configuration["Demo:Seeds"];
        if (string.IsNullOrEmpty(folder)) return;
        await using var session = store.LightweightSession();
        if (await session.Query<Plan>().AnyAsync(ct))
        {
            log.LogInformation("Demo: plans already present; seeds not imported again");
            return;
        }
        using var scope = scopes.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        foreach (var file in Directory.GetFiles(folder).Where(f => f.EndsWith(".txt") || f.EndsWith(".md") || f.EndsWith(".docx")).Order())
        {
            await using var fileSession = store.LightweightSession();
            var (result, issued) = await PlanImporter.ImportAsync(fileSession, await File.ReadAllBytesAsync(file, ct), file, "demo", clock.GetUtcNow(), ct);
            await PlanImporter.ScheduleDeadlinesAsync(issued, bus, calendar, clock);
            log.LogInformation("Demo: imported {File} as plan {PlanId} with {Count} assignments", Path.GetFileName(file), result.PlanId, result.Assignments.Count);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
