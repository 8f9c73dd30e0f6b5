using Accountability.Deadlines;
using Accountability.Plans;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Marten;

namespace Accountability.Benchmarks.Load;

/// <summary>
/// A national rollout, generated: plans of 1,000 obligations each (100 agencies, each with its half-year reports
/// over five years), agencies numbered across provinces, districts and communes. Plans are made as the reader
/// would give them, so they go through the service's own import.
/// </summary>
public static class NationalData
{
    public const int AgenciesPerPlan = 100;
    public const int ObligationsPerAgency = 10;
    public const int ObligationsPerPlan = AgenciesPerPlan * ObligationsPerAgency;

    private static readonly string[] Kinds = ["UBND tỉnh", "UBND huyện", "UBND xã"];

    public static string AgencyName(int i) => $"{Kinds[i % 3]} Số {i:D5}";

    /// <summary>Half-year reports: 15 June and 15 December of five years from <paramref name="start"/>.</summary>
    public static DateOnly HalfYear(DateOnly start, int occurrence) =>
        new DateOnly(start.Year + occurrence / 2, occurrence % 2 == 0 ? 6 : 12, 15);

    /// <summary>
    /// Plan <paramref name="p"/>: agencies p×100 … p×100+99 (modulo the number of agencies), each with
    /// <see cref="ObligationsPerAgency"/> obligations whose due dates <paramref name="due"/> gives.
    /// </summary>
    public static ParsedPlan Plan(int p, int agencies, Func<int, int, DateOnly?> due)
    {
        var number = $"{p + 1}/KH-BENCH";
        var issuer = $"Ủy ban nhân dân tỉnh Bench {p % 63 + 1}";
        var assignments = new List<PlanAssignment>(ObligationsPerPlan);
        for (var a = 0; a < AgenciesPerPlan; a++)
        {
            var agencyIndex = (p * AgenciesPerPlan + a) % agencies;
            var name = AgencyName(agencyIndex);
            for (var o = 0; o < ObligationsPerAgency; o++)
            {
                var date = due(agencyIndex, o);
                assignments.Add(new PlanAssignment($"III.{a + 1}.{o + 1}", name, name, AgencyKind.LocalGovernment, AssignmentRole.Lead, [], [],
                    $"Báo cáo sơ kết 6 tháng thực hiện Kế hoạch phòng, chống tệ nạn xã hội, kỳ {o + 1}", $"III.{a + 1}",
                    date, date is { } d ? $"trước ngày {d:dd/MM/yyyy}" : null, Recurrence.Semiannual, $"{o + 1}", false, false));
            }
        }
        var document = new PlanDocument(number, issuer, new DateOnly(2026, 1, 5), "Kế hoạch thực hiện Chương trình phòng, chống tệ nạn xã hội giai đoạn 2026-2030",
            new DateOnly(2026, 1, 1), new DateOnly(2030, 12, 31), "Sở Y tế", issuer, null);
        return new ParsedPlan(document, assignments, []);
    }

    /// <summary>
    /// Imports plans 0 … plans-1 through the service's import (one session and transaction per plan, timers in the
    /// same transaction through the outbox), <paramref name="parallel"/> plans at a time.
    /// </summary>
    public static async Task ImportAsync(ServiceUnderTest service, int plans, int agencies, Func<int, int, DateOnly?> due, int parallel)
    {
        var store = service.Store;
        var calendars = service.Services.GetRequiredService<WorkingCalendarSource>();
        var policy = service.Services.GetRequiredService<NotificationPolicy>();
        await Parallel.ForAsync(0, plans, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (p, ct) =>
        {
            var parsed = Plan(p, agencies, due);
            using var scope = service.Services.CreateScope();
            var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
            var now = service.Clock.GetUtcNow();
            await PlanImporter.ImportAsync(store, outbox, parsed, "bench", new NoticeSchedule(calendars.Current, policy), now, ct);
        });
    }
}
