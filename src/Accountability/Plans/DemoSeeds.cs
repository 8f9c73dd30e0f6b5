using Accountability.Deadlines;
using Marten;
using Wolverine.Marten;

namespace Accountability.Plans;

/// <summary>`serve --demo`: imports the seed plans at start-up when the store holds no plan yet.</summary>
public sealed class DemoSeeds(IDocumentStore store, IServiceScopeFactory scopes, WorkingCalendarSource calendars, NotificationPolicy policy, TimeProvider clock, IConfiguration configuration, ILogger<DemoSeeds> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var folder = configuration["Demo:Seeds"];
        if (string.IsNullOrEmpty(folder)) return;
        await using (var query = store.QuerySession())
            if (await query.Query<Plan>().AnyAsync(ct))
            {
                log.LogInformation("Demo: plans already present; seeds not imported again");
                return;
            }
        foreach (var file in Directory.GetFiles(folder).Where(f => f.EndsWith(".txt") || f.EndsWith(".md") || f.EndsWith(".docx")).Order())
        {
            // Each plan in its own transaction, its timers in the same one through the outbox.
            using var scope = scopes.CreateScope();
            var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
            var now = clock.GetUtcNow();
            var parsed = Parsing.PlanParser.Parse(await File.ReadAllBytesAsync(file, ct), file);
            var committed = await PlanImporter.ImportAsync(store, outbox, parsed, "demo", new NoticeSchedule(calendars.Current, policy), now, ct);
            log.LogInformation("Demo: imported {File} as plan {PlanId} with {Count} assignments", Path.GetFileName(file), committed.Result.PlanId, committed.Result.Assignments.Count);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
