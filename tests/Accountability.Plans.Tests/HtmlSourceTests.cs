using System.Text;
using Accountability.Plans.Reading;

namespace Accountability.Plans.Tests;

/// <summary>
/// HTML pages at the source-document level: the whole thuvienphapluat.vn pages of the corpus (37–40) give the
/// document and nothing of the site around it, and small pages pin down paragraphs, emphasis and table spans.
/// </summary>
public class HtmlSourceTests
{
    public static TheoryData<string, string, string> Pages => new()
    {
        { "37_ttg-745-qd-ttg-2025-dinh-huong-lap-phap.html", "THỦ TƯỚNG CHÍNH PHỦ", "Số: 745/QĐ-TTg" },
        { "38_btp-1153-qd-btp-2025-thi-hanh-an-hanh-chinh.html", "BỘ TƯ PHÁP", "Số: 1153/QĐ-BTP" },
        { "39_quangnam-2646-kh-ubnd-2025-an-toan-giao-thong.html", "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM", "Số: 2646/KH-UBND" },
        { "40_kontum-1084-kh-ubnd-2025-dich-vu-cong-truc-tuyen.html", "ỦY BAN NHÂN DÂN\nTỈNH KON TUM", "Số: 1084/KH-UBND" },
    };

    private static SourceDocument Page(string name) => PlanSource.ReadDocument(TestFiles.Corpus(name), name);

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_saved_page_gives_the_document_header_first(string name, string issuer, string number)
    {
        var document = Page(name);
        Assert.Equal("html", document.Format);
        var header = Assert.IsType<SourceTable>(document.Blocks[0]);
        Assert.Equal(issuer + "\n-------", header.Rows[0][0]);
        Assert.Equal("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------", header.Rows[0][1]);
        Assert.Equal(number, header.Rows[1][0]);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Nothing_of_the_site_around_the_document_is_read(string name, string issuer, string number)
    {
        var text = Page(name).ToPlainText();
        foreach (var site in new[] { "Số hiệu:", "Văn bản liên quan", "Đăng nhập", "THƯ VIỆN PHÁP LUẬT", "thuvienphapluat", "Loại văn bản", "In mục lục" })
            Assert.DoesNotContain(site, text, StringComparison.OrdinalIgnoreCase);
        // The page's title and metadata panel repeat the number; the document itself has it once, in its header.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, System.Text.RegularExpressions.Regex.Escape(number)));
        Assert.Contains(issuer.Split('\n')[0], text);
    }

    [Fact]
    public void Paragraphs_keep_their_emphasis_and_centring()
    {
        var lines = Page("37_ttg-745-qd-ttg-2025-dinh-huong-lap-phap.html").Blocks.OfType<SourceLine>().ToList();
        Assert.All(lines, l => Assert.True(l.IsParagraph));
        Assert.Equal(LineStyle.Bold | LineStyle.Centered, lines.First(l => l.Text == "QUYẾT ĐỊNH").Style);
        Assert.Equal(LineStyle.Italic, lines.Single(l => l.Text == "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;").Style);
        Assert.Equal(LineStyle.Bold, lines.Single(l => l.Text == "I. QUAN ĐIỂM CHỈ ĐẠO").Style);
        // "<b>Điều 1.</b> Phê duyệt …": a bold label does not make the paragraph bold. Hard line breaks are spaces.
        Assert.Equal(LineStyle.None, lines.Single(l => l.Text.StartsWith("Điều 1. Phê duyệt Đề án “Định hướng lập pháp nhiệm kỳ Quốc hội khóa XVI", StringComparison.Ordinal)).Style);
        Assert.Contains(lines, l => l.Text == "- Thời gian thực hiện: Hoàn thành trước ngày 30 tháng 6 năm 2025.");
    }

    [Fact]
    public void The_appendix_of_39_is_a_table_with_its_header_cells_and_agency_rows()
    {
        var document = Page("39_quangnam-2646-kh-ubnd-2025-an-toan-giao-thong.html");
        var appendix = document.Blocks.OfType<SourceTable>().Single(t => t.Rows[0][0] == "STT");
        Assert.Equal(["STT", "Nhiệm vụ, giải pháp", "Thời gian thực hiện"], appendix.Rows[0]);
        Assert.Equal(["I", "Ban An toàn giao thông tỉnh", ""], appendix.Rows[1]);
        Assert.Equal(["1.1", "Xây dựng kế hoạch tuyên truyền, vận động, giáo dục pháp luật về trật tự, an toàn giao thông theo chủ đề năm An toàn giao thông 2025.", "Quý I"], appendix.Rows[3]);
        Assert.True(appendix.Rows.Count > 100, $"{appendix.Rows.Count} rows");
        Assert.All(appendix.Rows, r => Assert.InRange(r.Count, 1, 3));
        // The appendix title lines come before it, centred.
        var title = document.Blocks.OfType<SourceLine>().Single(l => l.Text == "PHỤ LỤC");
        Assert.Equal(LineStyle.Bold | LineStyle.Centered, title.Style);
    }

    [Fact]
    public void The_appendix_of_40_keeps_a_cells_lines_and_its_row_spans_once()
    {
        var document = Page("40_kontum-1084-kh-ubnd-2025-dich-vu-cong-truc-tuyen.html");
        var appendix = document.Blocks.OfType<SourceTable>().Single(t => t.Rows[0][0] == "TT");
        Assert.Equal(["TT", "NHIỆM VỤ, GIẢI PHÁP", "ĐƠN VỊ CHỦ TRÌ", "ĐƠN VỊ PHỐI HỢP", "THỜI\nGIAN"], appendix.Rows[0]);
        var row = appendix.Rows.Single(r => r[0] == "1.1");
        Assert.Equal("- Các sở, ngành\n- UBND cấp xã", row[2]);
        // 4.1's agencies and time span the three rows of its sub-items: written once, the covered places left empty.
        var at = appendix.Rows.ToList().FindIndex(r => r[0] == "4.1");
        var spanned = appendix.Rows[at];
        Assert.Equal(5, spanned.Count);
        Assert.StartsWith("Sở Giáo dục", appendix.Rows[at + 1][2]);
        Assert.Equal(["", "- Hướng dẫn học sinh phổ biến cho người thân trong gia đình truy cập, sử dụng DVCTT khi cần"], appendix.Rows[at + 2]);
        Assert.DoesNotContain(appendix.Rows[at + 2], c => c.StartsWith("Sở Giáo dục", StringComparison.Ordinal));
    }

    [Fact]
    public void Spans_leave_an_empty_cell_only_where_a_later_cell_needs_its_column()
    {
        var document = Html("""
            <table border=1>
              <tr><td rowspan=2>STT</td><td colspan=2>Cơ quan</td><td rowspan=3>Thời gian</td></tr>
              <tr><td>Chủ trì</td><td>Phối hợp</td></tr>
              <tr><td>1</td><td colspan=2>Sở Tài chính</td></tr>
              <tr><td>2</td><td>&nbsp;</td><td>Sở Nội vụ</td><td>Quý I</td></tr>
            </table>
            """);
        var table = Assert.IsType<SourceTable>(Assert.Single(document.Blocks));
        Assert.Equal(["STT", "Cơ quan", "", "Thời gian"], table.Rows[0]);
        Assert.Equal(["", "Chủ trì", "Phối hợp"], table.Rows[1]);
        Assert.Equal(["1", "Sở Tài chính"], table.Rows[2]);
        Assert.Equal(["2", "", "Sở Nội vụ", "Quý I"], table.Rows[3]);
    }

    [Fact]
    public void A_portal_page_gives_its_article_not_its_menus_related_list_or_footer()
    {
        var document = Html("""
            <!DOCTYPE html><html><head><title>Cổng thông tin điện tử tỉnh</title><style>p{color:red}</style>
            <script>var login = "Đăng nhập";</script></head><body>
            <nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức sự kiện hôm nay</a></li></ul></nav>
            <div class="header">Cổng thông tin điện tử tỉnh Thanh Hóa — trang chính thức của Ủy ban nhân dân tỉnh</div>
            <div class="layout">
              <table><tr><td><b>ỦY BAN NHÂN DÂN<br>TỈNH THANH HÓA</b></td><td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b></td></tr>
              <tr><td>Số: 12/KH-UBND</td><td><i>Thanh Hóa, ngày 05 tháng 01 năm 2024</i></td></tr></table>
              <article>
                <p style="text-align:center"><b>KẾ HOẠCH</b></p>
                <p align="center">Phòng, chống thiên tai giai đoạn 2024-2026</p>
                <p>1. Sở Xây dựng rà soát nhà ở trong vùng có nguy cơ sạt lở,
                hoàn thành trước ngày 30/6/2024.</p>
                <p>2. Công an tỉnh bảo đảm an ninh trật tự tại các khu vực sơ tán dân cư.</p>
                <p style="display:none">Nội dung ẩn không hiển thị cho người đọc trang.</p>
                <p>&nbsp;</p>
                <p>3. Sở Tài chính bố trí kinh phí thực hiện kế hoạch này theo quy định.</p>
              </article>
            </div>
            <div class="related"><h3>Văn bản liên quan</h3><ul><li><a href="/vb/1">Kế hoạch 99/KH-UBND năm 2023 về phòng chống thiên tai</a></li></ul></div>
            <footer>Bản quyền thuộc Cổng thông tin điện tử tỉnh. Đăng nhập để bình luận.</footer>
            </body></html>
            """);
        var text = document.ToPlainText();
        Assert.Contains("Số: 12/KH-UBND", text);
        Assert.Contains("1. Sở Xây dựng rà soát nhà ở trong vùng có nguy cơ sạt lở, hoàn thành trước ngày 30/6/2024.", text);
        foreach (var site in new[] { "Trang chủ", "Cổng thông tin", "Văn bản liên quan", "99/KH-UBND", "Đăng nhập", "Bản quyền", "ẩn", "color" })
            Assert.DoesNotContain(site, text);
        var lines = document.Blocks.OfType<SourceLine>().ToList();
        Assert.Equal(LineStyle.Bold | LineStyle.Centered, lines[0].Style);
        Assert.Equal(LineStyle.Centered, lines[1].Style);
        Assert.True(lines.Single(l => l.Text.StartsWith("3.", StringComparison.Ordinal)).BlankBefore);
        Assert.False(lines.Single(l => l.Text.StartsWith("2.", StringComparison.Ordinal)).BlankBefore);
    }

    [Fact]
    public void A_line_break_splits_a_paragraph_and_headings_are_marked()
    {
        var document = Html("<h2>II. TỔ CHỨC THỰC HIỆN</h2><div>Nơi nhận:<br>- Như trên;<br/>- Lưu: VT.</div>");
        Assert.Equal(
            [new SourceLine("II. TỔ CHỨC THỰC HIỆN", LineStyle.Heading, false, true), new SourceLine("Nơi nhận:", LineStyle.None, false, true),
             new SourceLine("- Như trên;", LineStyle.None, false, true), new SourceLine("- Lưu: VT.", LineStyle.None, false, true)],
            document.Blocks);
    }

    [Fact]
    public void Html_is_recognised_by_its_content_not_its_name()
    {
        var page = Encoding.UTF8.GetBytes("<!doctype html><html><body><p>Kế hoạch số 12/KH-UBND về phòng, chống thiên tai.</p></body></html>");
        Assert.Equal("html", PlanSource.ReadDocument(page, "plan.txt").Format);
        var fragment = Encoding.UTF8.GetBytes("<div><p><b>KẾ HOẠCH</b></p><p>Phòng, chống thiên tai giai đoạn 2024-2026.</p></div>");
        Assert.Equal("html", PlanSource.ReadDocument(fragment).Format);
        var text = Encoding.UTF8.GetBytes("KẾ HOẠCH\nGiá trị <5% so với năm trước; tỷ lệ >90% hộ dân được tuyên truyền.\n");
        Assert.Equal("text", PlanSource.ReadDocument(text, "plan.html").Format);
        Assert.Equal("KẾ HOẠCH\nPhòng, chống thiên tai giai đoạn 2024-2026.\n", PlanSource.ReadText(fragment).Replace("\n\n", "\n"));
    }

    private static SourceDocument Html(string html) => PlanSource.ReadDocument(Encoding.UTF8.GetBytes(html), "page.html");
}
