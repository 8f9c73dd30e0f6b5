using Accountability.Deadlines;
using Accountability.Plans;
using Accountability.Scorecards;
using Accountability.Security;
using Accountability.Web.Screens.Plans;
using Accountability.Web.Shared;
using Marten;

namespace Accountability.Web.Screens;

/// <summary>
/// "Xuất Excel": a plan's assignments and the scorecards as .xlsx for the office (the CSV endpoints stay, for
/// machines). Same reads as the pages; the browser's session, not a token.
/// </summary>
public static class ExcelDownloads
{
    private const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(WebApplication app)
    {
        app.MapGet("/ke-hoach/{planId:guid}/excel", PlanAsync).RequireAuthorization(Policies.ReadAll).ExcludeFromDescription();
        app.MapGet("/bang-diem/excel", ScorecardsAsync).RequireAuthorization(Policies.ReadAll).ExcludeFromDescription();
    }

    private static async Task<IResult> PlanAsync(Guid planId, IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        if (await session.LoadAsync<Plan>(planId, ct) is not { } plan) return Results.NotFound();
        var rows = await PlanTable.ReadAsync(session, plan, clock.GetUtcNow(), calendars.Current, ct);
        var bytes = Xlsx.Write("Nhiệm vụ",
        [
            new("Số kế hoạch", XlsxKind.Text, 16), new("Mục", XlsxKind.Text, 8), new("Cơ quan", XlsxKind.Text, 32), new("Vai trò", XlsxKind.Text, 10),
            new("Nhiệm vụ", XlsxKind.Text, 60), new("Hạn", XlsxKind.Date, 12), new("Ngày cuối được tính", XlsxKind.Date, 12),
            new("Tình trạng", XlsxKind.Text, 20), new("Số ngày trễ", XlsxKind.Integer, 10), new("Tiến độ", XlsxKind.Percent, 10),
            new("Ngày hoàn thành", XlsxKind.Date, 12), new("Mã nhiệm vụ", XlsxKind.Text, 38),
        ], rows.Select(r => (IReadOnlyList<object?>)
        [
            plan.Number, r.Assignment.Section, r.Assignment.Agency, Vn.Role(r.Role), r.Assignment.Task, r.Assignment.Due, r.LastDay,
            Standings.Words(r.Standing), r.DaysLate == 0 ? null : r.DaysLate, r.Assignment.Percent / 100.0, r.Assignment.CompletedOn, r.Assignment.Id.ToString(),
        ]));
        return Results.File(bytes, ContentType, $"{FileName(plan.Number ?? "ke-hoach")}.xlsx");
    }

    private static async Task<IResult> ScorecardsAsync(Guid? plan, string? ngay, IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        var asOf = ScorecardScreen.AsOf(Vn.ParseDate(ngay), clock);
        var book = await ScorecardEndpoints.ReadAsync(session, clock, calendars, asOf, plan, null, ct);
        var bytes = Xlsx.Write("Bảng điểm",
        [
            new("Xếp hạng", XlsxKind.Integer, 9), new("Cơ quan", XlsxKind.Text, 36), new("Tỷ lệ đúng hạn", XlsxKind.Percent, 14),
            new("Được giao", XlsxKind.Integer, 10), new("Hoàn thành đúng hạn", XlsxKind.Integer, 12), new("Hoàn thành trễ hạn", XlsxKind.Integer, 12),
            new("Trong hạn", XlsxKind.Integer, 10), new("Quá hạn", XlsxKind.Integer, 10), new("Không có hạn", XlsxKind.Integer, 10),
            new("Số ngày trễ nhiều nhất", XlsxKind.Integer, 12), new("Báo cáo gần nhất", XlsxKind.Date, 12), new("Tính đến ngày", XlsxKind.Date, 12),
        ], ScorecardScreen.Ranked(book.Scorecards).Select((c, i) => (IReadOnlyList<object?>)
        [
            i + 1, c.Agency, c.Total.OnTimeRate, c.Total.Assigned, c.Total.CompletedOnTime, c.Total.CompletedLate, c.Total.OpenInTime,
            c.Total.OpenOverdue, c.Total.NoDeadline, c.Total.WorstDaysLate, c.Total.LastReportOn, Time.VietnamTime.DateOf(book.AsOf),
        ]));
        return Results.File(bytes, ContentType, $"bang-diem-{Time.VietnamTime.DateOf(book.AsOf):yyyy-MM-dd}.xlsx");
    }

    private static string FileName(string text) =>
        string.Concat(global::Accountability.Agencies.Agency.IdFor(text).Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-'));
}
