using System.Globalization;
using Accountability.Assignments;
using Accountability.Scorecards;
using Accountability.Time;

namespace Accountability.Web.Shared;

/// <summary>How the web app writes dates, numbers and states: Vietnamese, dates dd/MM/yyyy in Vietnam time.</summary>
public static class Vn
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("vi-VN");

    public static string Date(DateOnly? date) => date?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—";

    public static string DateTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Number(int n) => n.ToString("N0", Culture);

    /// <summary>A rate as a percentage with one decimal ("85,5%"), or a dash when there is nothing to rate yet.</summary>
    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", Culture) + "%" : "—";

    /// <summary>An ISO date (yyyy-MM-dd), as the API takes dates.</summary>
    public static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// A date as a clerk types it: day/month/year ("5/6/2020", "05/06/2020", also with - or .). Date fields are text
    /// fields with this format, not the browser's date picker, whose order follows the browser's language.
    /// </summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim().Replace('-', '/').Replace('.', '/'), ["d/M/yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : null;

    /// <summary>A date field's value: dd/MM/yyyy, or nothing.</summary>
    public static string Field(DateOnly? date) => date?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "";

    public static string Status(AssignmentStatus status) => status switch
    {
        AssignmentStatus.Issued => "Đã giao",
        AssignmentStatus.Acknowledged => "Đã tiếp nhận",
        AssignmentStatus.InProgress => "Đang thực hiện",
        AssignmentStatus.Declined => "Bị từ chối",
        AssignmentStatus.Completed => "Hoàn thành",
        AssignmentStatus.Withdrawn => "Đã rút",
        _ => status.ToString(),
    };

    public static string Role(string role) => role == "lead" ? "Chủ trì" : "Phối hợp";

    public static string AgencyKind(string kind) => kind.ToLowerInvariant() switch
    {
        "department" => "Sở, ban, ngành",
        "ministry" => "Bộ, ngành trung ương",
        "localgovernment" => "UBND cấp dưới",
        "front" => "Mặt trận Tổ quốc",
        "massorganisation" => "Đoàn thể",
        "judicial" => "Tòa án, Viện kiểm sát",
        "press" => "Báo chí, phát thanh",
        _ => "Khác",
    };
}

/// <summary>
/// Where an assignment stands for the office, and its colour: green done on time, blue done late, amber open and
/// due within 7 days, red overdue. The colour is never the only sign: each state has its words.
/// </summary>
public enum Standing { DoneOnTime, DoneLate, DueSoon, InTime, Overdue, NoDeadline, Withdrawn }

public static class Standings
{
    public const int DueSoonDays = 7;

    public static Standing Of(ScorecardEntry? entry, DateOnly? lastDay, DateTimeOffset now, Deadlines.WorkingCalendar calendar)
    {
        if (entry is null || entry.Withdrawn) return Standing.Withdrawn;
        return Scorecard.BoxOf(entry, now, calendar).Box switch
        {
            Box.CompletedOnTime => Standing.DoneOnTime,
            Box.CompletedLate => Standing.DoneLate,
            Box.OpenOverdue => Standing.Overdue,
            Box.NoDeadline => Standing.NoDeadline,
            _ => lastDay is { } last && last.DayNumber - VietnamTime.DateOf(now).DayNumber <= DueSoonDays ? Standing.DueSoon : Standing.InTime,
        };
    }

    public static string Words(Standing s) => s switch
    {
        Standing.DoneOnTime => "Hoàn thành đúng hạn",
        Standing.DoneLate => "Hoàn thành trễ hạn",
        Standing.DueSoon => "Sắp đến hạn",
        Standing.InTime => "Trong hạn",
        Standing.Overdue => "Quá hạn",
        Standing.NoDeadline => "Không có hạn",
        _ => "Đã rút",
    };

    /// <summary>The CSS class of the state's badge and row.</summary>
    public static string Css(Standing s) => s switch
    {
        Standing.DoneOnTime => "s-green",
        Standing.DoneLate => "s-blue",
        Standing.DueSoon => "s-amber",
        Standing.Overdue => "s-red",
        _ => "s-grey",
    };

    /// <summary>The filter values in a plan page's address (?trang-thai=qua-han).</summary>
    public static readonly IReadOnlyList<(string Slug, Standing Standing)> Slugs =
    [
        ("qua-han", Standing.Overdue), ("sap-den-han", Standing.DueSoon), ("trong-han", Standing.InTime),
        ("dung-han", Standing.DoneOnTime), ("tre-han", Standing.DoneLate), ("khong-han", Standing.NoDeadline), ("da-rut", Standing.Withdrawn),
    ];
}
