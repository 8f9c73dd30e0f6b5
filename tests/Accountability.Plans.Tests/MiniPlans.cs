namespace Accountability.Plans.Tests;

/// <summary>Small plans from another province and topic, written the way offices write them.</summary>
internal static class MiniPlans
{
    public const string Header = """
        ỦY BAN NHÂN DÂN
        TỈNH THANH HÓA
        Số: 12/KH-UBND
        Thanh Hóa, ngày 05 tháng 01 năm 2024
        KẾ HOẠCH
        Phòng, chống thiên tai giai đoạn 2024-2026 trên địa bàn tỉnh
        I. MỤC ĐÍCH, YÊU CẦU
        1. Chủ động phòng ngừa, ứng phó kịp thời với thiên tai.

        """;

    public static string With(string assignmentSection) => Header + assignmentSection;

    public static ParsedPlan Parse(string assignmentSection) => Parsing.PlanParser.ParseText(With(assignmentSection));
}
