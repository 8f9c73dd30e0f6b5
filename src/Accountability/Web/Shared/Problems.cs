using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace Accountability.Web.Shared;

/// <summary>
/// The API's problem details (English, for machines) told to a clerk in Vietnamese: what happened and what to do.
/// The API's own sentence follows as "Chi tiết" for whoever supports the office.
/// </summary>
public static partial class Problems
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["agency"] = "Cơ quan", ["role"] = "Vai trò", ["task"] = "Nhiệm vụ", ["due"] = "Hạn", ["recurrence"] = "Lặp lại",
        ["section"] = "Mục", ["coordinatingAgencies"] = "Cơ quan phối hợp", ["into"] = "Gộp vào", ["reason"] = "Lý do",
        ["note"] = "Ghi chú", ["percent"] = "Tỷ lệ hoàn thành", ["effectiveOn"] = "Ngày hiệu lực",
        ["proposedDue"] = "Hạn đề nghị", ["evidence"] = "Minh chứng",
    };

    public static string Say(ProblemDetails problem)
    {
        var detail = problem.Detail ?? problem.Title ?? "";
        var said = (problem.Status, problem.Title) switch
        {
            (422, _) when detail.Contains("signature", StringComparison.OrdinalIgnoreCase) => "Chữ ký không hợp lệ.",
            (422, _) => "Không đọc được tài liệu này thành kế hoạch. Hãy kiểm tra đó là văn bản kế hoạch có mục phân công nhiệm vụ "
                + "(\"Tổ chức thực hiện\", \"Phân công nhiệm vụ\"); nếu là bản quét mờ hoặc tệp .doc cũ, hãy lưu lại thành .docx hoặc PDF có chữ, "
                + "hoặc dán nội dung văn bản vào ô \"Nội dung kế hoạch\".",
            // Evidence files (Assignments/Evidence): nothing of the report was kept.
            (415, "Not an accepted file type") => $"Tệp {Quoted(detail)}không được nhận: hệ thống xem nội dung tệp (không xem tên) và chỉ nhận PDF, Word (.docx), "
                + "Excel (.xlsx), ảnh PNG hoặc JPEG. Báo cáo chưa được gửi; hãy lưu tệp đúng định dạng rồi gửi lại.",
            (413, "File too large") => $"Tệp {Quoted(detail)}quá lớn: mỗi tệp tối đa 20 MB. Báo cáo chưa được gửi; hãy nén hoặc tách tệp rồi gửi lại.",
            (413, "Too many files") => "Mỗi lần báo cáo gửi tối đa 10 tệp. Báo cáo chưa được gửi; hãy bớt tệp rồi gửi lại.",
            (409, _) when detail.Contains("extension to", StringComparison.Ordinal) && detail.Contains("already asked for", StringComparison.Ordinal) =>
                "Đã có một đề nghị gia hạn đang chờ văn phòng điều phối xem xét; mỗi lần chỉ một đề nghị.",
            (413, _) => "Tệp quá lớn hoặc quá nhiều trang để đọc an toàn. Hãy gửi riêng phần phân công nhiệm vụ, hoặc dán nội dung vào ô \"Nội dung kế hoạch\".",
            (400, "No file") => "Chưa chọn tệp và chưa dán nội dung: hãy chọn tệp kế hoạch hoặc dán nội dung văn bản.",
            (409, "Chased already this working day") => "Nhiệm vụ này đã được đôn đốc trong ngày làm việc hôm nay; mỗi ngày làm việc chỉ đôn đốc một lần.",
            (409, _) when detail.Contains("someone else", StringComparison.OrdinalIgnoreCase) =>
                "Người khác vừa sửa bản nháp này. Bảng dưới đây đã hiện giá trị mới nhất; hãy xem lại rồi sửa tiếp nếu cần.",
            (409, _) when detail.Contains("version", StringComparison.OrdinalIgnoreCase) =>
                "Dữ liệu đã thay đổi từ lúc bạn mở trang. Trang đã hiện giá trị mới nhất; hãy xem lại rồi thao tác lại.",
            (409, _) => "Không thể thực hiện thao tác này với tình trạng hiện tại của nhiệm vụ (ví dụ: đã hoàn thành, đã rút, hoặc chưa tiếp nhận).",
            (400, _) when FieldOf(problem) is { } field => FieldSentence(field, detail),
            (400, _) => "Dữ liệu nhập chưa hợp lệ; hãy kiểm tra lại.",
            (403, _) => "Bạn không có quyền thực hiện thao tác này.",
            (404, _) => "Không tìm thấy dữ liệu (có thể đã bị xóa hoặc đã được xác nhận).",
            (429, _) => "Bạn thao tác quá nhanh; hãy chờ một phút rồi thử lại.",
            _ => "Đã có lỗi; hãy thử lại sau ít phút.",
        };
        return said;
    }

    /// <summary>The file name the API's sentence quotes ('…'), with a space after it; empty when it names none.</summary>
    private static string Quoted(string detail) => QuotedPart().Match(detail) is { Success: true } m ? $"«{m.Groups[1].Value}» " : "";

    /// <summary>The API's own sentence, shown under the Vietnamese one.</summary>
    public static string? Detail(ProblemDetails problem) => problem.Detail;

    private static string? FieldOf(ProblemDetails problem) =>
        problem.Extensions.TryGetValue("field", out var one) && one is string name ? name
        : problem.Extensions.TryGetValue("errors", out var errors) && errors is IDictionary<string, string[]> map ? map.Keys.FirstOrDefault()
        : problem.Detail is { } d && FieldName().Match(d) is { Success: true } m ? m.Groups[1].Value : null;

    private static string FieldSentence(string field, string detail)
    {
        var label = Fields.GetValueOrDefault(field, field);
        if (field == "agency" && detail.Contains("not in the agency directory", StringComparison.Ordinal))
            return $"{label}: tên này chưa có trong danh bạ cơ quan. Hãy kiểm tra chính tả (chọn trong danh sách gợi ý), hoặc đánh dấu \"Cơ quan mới\" để thêm vào danh bạ.";
        if (field == "proposedDue") return $"{label}: phải là một ngày sau hạn hiện tại; hãy nhập ngày theo dạng ngày/tháng/năm.";
        if (field == "due") return $"{label}: ngày không hợp lệ; hãy nhập ngày theo dạng ngày/tháng/năm.";
        return $"{label}: giá trị chưa hợp lệ (trống, quá dài hoặc không đúng dạng).";
    }

    [GeneratedRegex(@"^(\w+):")]
    private static partial Regex FieldName();

    /// <summary>The reader's notes on a row (English in the reading) in Vietnamese, with the words it quotes kept.</summary>
    public static string Check(string check)
    {
        var quoted = QuotedPart().Match(check) is { Success: true } m ? $" «{m.Groups[1].Value}»" : "";
        return check switch
        {
            _ when check.StartsWith("agency not in the gazetteer", StringComparison.Ordinal) => "Cơ quan chưa có trong danh mục" + quoted,
            _ when check.StartsWith("name possibly cut", StringComparison.Ordinal) => "Tên cơ quan có thể bị cắt" + quoted,
            _ when check.StartsWith("time not understood", StringComparison.Ordinal) => "Chưa hiểu thời hạn" + quoted,
            _ when check.StartsWith("addressed to a class", StringComparison.Ordinal) => "Giao cho một nhóm cơ quan; đã chia cho từng cơ quan" + quoted,
            _ when check.StartsWith("a time counted from an event", StringComparison.Ordinal) => "Thời hạn tính từ một sự kiện, chưa có ngày" + quoted,
            _ when check.Contains("report without a day", StringComparison.Ordinal) => "Báo cáo định kỳ chưa có ngày cụ thể" + quoted,
            _ when check.StartsWith("the date is tentative", StringComparison.Ordinal) => "Thời hạn dự kiến",
            _ when check.StartsWith("deadline", StringComparison.Ordinal) => "Cần xem lại thời hạn" + quoted,
            _ when check.Contains("cell borders were lost", StringComparison.Ordinal) => "Đọc từ bảng bị mất đường kẻ: kiểm tra cơ quan và thời hạn",
            _ when check.Contains("fewer cells", StringComparison.Ordinal) => "Dòng bảng thiếu ô: kiểm tra cơ quan và thời hạn",
            _ => "Cần kiểm tra: " + check,
        };
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedPart();
}
