using System.Globalization;
using System.Text.RegularExpressions;
using Accountability.Assignments;
using Accountability.Audit;
using Accountability.Time;
using Accountability.Web.Shared;

namespace Accountability.Web.Screens.Audit;

/// <summary>One line of the timeline as an auditor reads it: what happened, in words, and the details that matter.</summary>
public sealed record TimelineLine(long Version, DateTimeOffset Recorded, DateOnly EffectiveOn, string Actor, string Kind, string Details, string? Hash, string Css);

/// <summary>
/// The auditor's screens in words: each event of a history, each problem the chain check finds, the "as of" field.
/// The API's names and sentences (English, for machines) stay in the history's data and under "Chi tiết".
/// </summary>
public static partial class AuditWords
{
    /// <summary>A recorded moment to the second, Vietnam time: two events of one minute stay apart.</summary>
    public static string Moment(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The first characters of a hash: enough to compare by eye, the whole one in the title.</summary>
    public static string Short(string? hash) => hash is { Length: > 12 } h ? h[..12] + "…" : hash ?? "—";

    /// <summary>
    /// One event in words. <paramref name="notices"/> (a notice's id → the version of its NoticeIssued) names, beside a
    /// delivery outcome, the notice it was about.
    /// </summary>
    public static TimelineLine Line(HistoryEntry e, IReadOnlyDictionary<string, long>? notices = null)
    {
        var (kind, details, css) = Describe(e.Data);
        var about = e.Data switch
        {
            NoticeDelivered d => d.NoticeId, NoticeDeliveryFailed d => d.NoticeId, NoticeDeadLettered d => d.NoticeId, NoticeRedelivered d => d.NoticeId,
            _ => null,
        };
        if (about is not null && notices?.GetValueOrDefault(about) is { } version and > 0) details += $" · thông báo ở sự kiện {version}";
        return new TimelineLine(e.Version, e.Recorded, e.EffectiveOn, ActorWords(e.Actor), kind, details, e.Hash, css);
    }

    /// <summary>Each notice of a history by its id: the version of the event that issued it.</summary>
    public static IReadOnlyDictionary<string, long> NoticesOf(IEnumerable<HistoryEntry> history) =>
        history.Where(e => e.Data is NoticeIssued).GroupBy(e => ((NoticeIssued)e.Data).NoticeId).ToDictionary(g => g.Key, g => g.First().Version);

    public static string ActorWords(string actor) => actor switch
    {
        "deadline" => "Hệ thống (kiểm tra thời hạn)",
        "notifications" => "Hệ thống (gửi thông báo)",
        "unknown" => "Không rõ",
        _ => actor,
    };

    public static string Channel(string channel) => channel switch
    {
        NoticeChannel.Email => "thư điện tử",
        NoticeChannel.Webhook => "webhook",
        NoticeChannel.Inbox => "hộp thư",
        _ => channel,
    };

    public static string NoticeKindWords(string kind) => Notifications.EmailNotices.Label(kind);

    private static string Day(DateOnly? d) => Vn.Date(d);

    private static (string Kind, string Details, string Css) Describe(object data) => data switch
    {
        AssignmentIssued e => ("Giao nhiệm vụ", $"{e.Agency}: {e.Task} · hạn {Day(e.Due)}", ""),
        AssignmentAcknowledged => ("Tiếp nhận", "", ""),
        ProgressReported e => ("Báo cáo tiến độ", $"{e.Percent}%{(e.Note is { } n ? " · " + n : "")}", ""),
        DeadlineExtended e => ("Gia hạn", $"từ {Day(e.PreviousDue)} đến {Day(e.NewDue)} · {e.Reason}", ""),
        AssignmentReassigned e => ("Giao lại", $"cho {e.ToAgency} · {e.Reason}", ""),
        AssignmentTransferred e => ("Chuyển giao", $"từ {e.FromAgency} sang {e.ToAgency} · {e.Basis}", ""),
        AssignmentWithdrawn e => ("Rút nhiệm vụ", e.Reason, ""),
        AssignmentDeclined e => ("Từ chối", e.Reason, ""),
        DeclineOverruled e => ("Giữ nguyên giao", e.Reason, ""),
        AssignmentCompleted e => ("Hoàn thành", $"ngày {Day(e.EffectiveOn)}{(e.Evidence is { } ev ? " · " + ev : "")}", ""),
        CompletionCorrected e => ("Sửa ngày hoàn thành", $"ngày {Day(e.EffectiveOn)} · {e.Reason}", ""),
        AssignmentMarkedOverdue e => ("Đánh dấu quá hạn", $"hạn {Day(e.Due)}", "ev-late"),
        AssignmentRevised e => ("Sửa theo kế hoạch mới", $"{e.Task} · hạn {Day(e.Due)} · {e.Reason}", ""),
        ExtensionRequested e => ("Đề nghị gia hạn", $"đến {Day(e.ProposedDue)} · {e.Reason}", ""),
        ExtensionGranted e => ("Đồng ý gia hạn", $"đến {Day(e.NewDue)} · {e.Reason}", ""),
        ExtensionRefused e => ("Không đồng ý gia hạn", e.Reason, ""),
        NoticeIssued e => ($"Thông báo: {NoticeKindWords(e.Kind)}",
            $"gửi {Recipient(e)} qua {string.Join(", ", e.Channels.Select(Channel))} · {e.Message}{(e.Note is { } n ? " · " + n : "")}", "ev-notice"),
        NoticeDelivered e => ("Đã gửi được", $"{Channel(e.Channel)}, lần {e.Attempt}", "ev-ok"),
        NoticeDeliveryFailed e => ("Gửi không được", $"{Channel(e.Channel)}, lần {e.Attempt}: {Reason(e.Reason)}"
            + (e.NextAttemptAt is { } next ? $" · thử lại lúc {Vn.DateTime(next)}" : ""), "ev-late"),
        NoticeDeadLettered e => (e.Attempts == 0 ? "Không gửi được" : "Ngừng gửi", $"{Channel(e.Channel)}{(e.Attempts > 0 ? $" sau {e.Attempts} lần" : "")}: {Reason(e.Reason)}", "ev-late"),
        NoticeRedelivered e => ("Gửi lại", Channel(e.Channel), ""),
        _ => ("Sự kiện khác", AssignmentHistoryEndpoint.TypeName(data.GetType()), ""),
    };

    /// <summary>Who a notice was for: the agency by its name, the office in words, anyone else by id.</summary>
    public static string Recipient(NoticeIssued e) =>
        e.Recipient == e.AgencyId ? e.Agency : e.Recipient == new Deadlines.NotificationPolicy().CoordinatingOffice ? "Văn phòng điều phối" : e.Recipient;

    /// <summary>A delivery's failure (English words from the delivery) told in Vietnamese.</summary>
    public static string Reason(string reason) => reason switch
    {
        Notifications.EmailNotices.NoAddress => "danh bạ chưa có địa chỉ thư điện tử của nơi nhận",
        _ when reason.StartsWith("the mail server could not be reached", StringComparison.Ordinal) => "không kết nối được máy chủ thư",
        _ when reason.StartsWith("the mail server refused", StringComparison.Ordinal) => "máy chủ thư từ chối",
        _ when reason.StartsWith("the receiver answered", StringComparison.Ordinal) => "nơi nhận trả lời lỗi (" + reason["the receiver answered ".Length..] + ")",
        _ when reason.Contains("timed out", StringComparison.Ordinal) => "nơi nhận không trả lời kịp",
        _ when reason.StartsWith("the receiver", StringComparison.Ordinal) => "không kết nối được nơi nhận",
        _ when reason.StartsWith("the agency removed its webhook", StringComparison.Ordinal) => "cơ quan đã gỡ webhook",
        _ => reason,
    };

    /// <summary>What the chain check found wrong, in words an inspector reads; the check's own sentence is kept beside it.</summary>
    public static string Problem(BrokenLink b)
    {
        var p = b.Problem;
        var at = b.Version > 0 ? $"từ sự kiện thứ {b.Version}: " : "";
        return p switch
        {
            _ when p.Contains("gone since the checkpoint", StringComparison.Ordinal) && p.StartsWith("the stream", StringComparison.Ordinal) =>
                "Lịch sử đã khác: cả chuỗi sự kiện này đã bị xóa kể từ điểm kiểm tra.",
            _ when p.StartsWith("events after version", StringComparison.Ordinal) && VersionIn().Match(p) is { Success: true } m =>
                $"Lịch sử đã khác từ sự kiện thứ {long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1}: các sự kiện từ đó đến {b.Version} đã bị xóa kể từ điểm kiểm tra.",
            _ when p.Contains("rewritten since the checkpoint", StringComparison.Ordinal) =>
                $"Lịch sử đã khác: đến sự kiện thứ {b.Version} đã bị viết lại kể từ điểm kiểm tra.",
            _ when p.Contains("stored", StringComparison.Ordinal) && p.Contains("differs from its events", StringComparison.Ordinal) =>
                "Dữ liệu hiển thị đã bị sửa: không khớp với các sự kiện gốc.",
            _ when p.Contains("has no events behind it", StringComparison.Ordinal) || p.Contains("that its events say should not", StringComparison.Ordinal) =>
                "Có dữ liệu hiển thị không có sự kiện nào đứng sau (được thêm ngoài hệ thống).",
            _ when p.Contains("is missing", StringComparison.Ordinal) => "Dữ liệu hiển thị bị mất, dù các sự kiện vẫn còn.",
            _ when p.Contains("checkpoint", StringComparison.Ordinal) => "Điểm kiểm tra mới nhất do hệ thống ghi không đọc được hoặc không đáng tin.",
            _ when p.Contains("archived", StringComparison.Ordinal) => $"Chuỗi bị đứt {at}sự kiện bị đánh dấu lưu trữ sau khi ghi.",
            _ when p.Contains("gap", StringComparison.Ordinal) || p.Contains("missing", StringComparison.Ordinal) => $"Chuỗi bị đứt {at}thiếu sự kiện.",
            _ => $"Chuỗi bị đứt {at}sự kiện bị sửa hoặc thêm ngoài hệ thống.",
        };
    }

    [GeneratedRegex(@"after version (\d+)")]
    private static partial Regex VersionIn();

    /// <summary>
    /// The "as of" moment from the page's two fields: a day (dd/MM/yyyy) and an optional time (HH:mm, else the end of the
    /// day), Vietnam time. Null with no day; an error sentence when the day or the time cannot be read or is in the future.
    /// </summary>
    public static (DateTimeOffset? At, string? Error) AsOf(string? day, string? time, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(day)) return string.IsNullOrWhiteSpace(time) ? (null, null) : (null, "Hãy nhập cả ngày (ngày/tháng/năm) khi chọn giờ.");
        if (Vn.ParseDate(day) is not { } date || date.Year < 2000)
            return (null, "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/06/2026.");
        TimeOnly at;
        if (string.IsNullOrWhiteSpace(time)) at = TimeOnly.MaxValue;
        else if (!TimeOnly.TryParseExact(time.Trim(), ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
            return (null, "Giờ không hợp lệ; hãy nhập theo dạng giờ:phút (hoặc giờ:phút:giây), ví dụ 14:30.");
        var instant = VietnamTime.At(date, at);
        if (instant > now && VietnamTime.DateOf(instant) > VietnamTime.DateOf(now))
            return (null, "Thời điểm đó còn ở tương lai; hãy chọn một thời điểm đã qua.");
        return (instant > now ? now : instant, null);
    }
}
