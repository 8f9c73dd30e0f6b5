using Accountability.Web.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Accountability.Tests;

/// <summary>The web app's plain rules: dates as typed, words for the API's refusals, Excel column names.</summary>
public sealed class WebRulesTests
{
    [Theory]
    [InlineData("5/6/2020", 2020, 6, 5)]
    [InlineData("05/06/2020", 2020, 6, 5)]
    [InlineData(" 31-12-2026 ", 2026, 12, 31)]
    [InlineData("1.2.2027", 2027, 2, 1)]
    public void A_date_is_read_day_first(string typed, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), Vn.ParseDate(typed));

    [Theory]
    [InlineData("2026-12-31")]
    [InlineData("31/02/2026")]
    [InlineData("12/31/2026")]
    [InlineData("")]
    public void What_is_no_day_month_year_date_is_none(string typed) => Assert.Null(Vn.ParseDate(typed));

    [Fact]
    public void Dates_and_numbers_are_written_the_Vietnamese_way()
    {
        Assert.Equal("05/06/2020", Vn.Date(new DateOnly(2020, 6, 5)));
        Assert.Equal("2.346", Vn.Number(2346));
        Assert.Equal("85,5%", Vn.Percent(0.855));
        Assert.Equal("—", Vn.Percent(null));
        // 17:30 UTC is already the next day in Vietnam.
        Assert.Equal("02/12/2026 00:30", Vn.DateTime(new DateTimeOffset(2026, 12, 1, 17, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_stale_draft_edit_tells_the_clerk_someone_else_changed_it()
    {
        var said = Problems.Say(new ProblemDetails { Status = 409, Detail = "The draft is at version 4, not 3; someone else changed it. Reload it and edit again." });
        Assert.StartsWith("Người khác vừa sửa bản nháp này", said);
    }

    [Fact]
    public void An_unknown_agency_names_the_field_and_the_way_out()
    {
        var said = Problems.Say(new ProblemDetails { Status = 400, Detail = "agency: 'Sở X' is not in the agency directory nor the gazetteer; …", Extensions = { ["field"] = "agency" } });
        Assert.Contains("Cơ quan mới", said);
        Assert.StartsWith("Cơ quan:", said);
    }

    [Fact]
    public void An_unreadable_document_says_what_to_send_instead() =>
        Assert.Contains(".docx", Problems.Say(new ProblemDetails { Status = 422, Detail = "No assignment section was found." }));

    [Theory]
    [InlineData(1, "A")]
    [InlineData(26, "Z")]
    [InlineData(27, "AA")]
    [InlineData(52, "AZ")]
    public void Excel_columns_are_named_as_Excel_names_them(int number, string name) => Assert.Equal(name, Xlsx.ColumnName(number));

    [Fact]
    public void The_reader_s_notes_are_told_in_Vietnamese_with_the_words_they_quote() =>
        Assert.Equal("Chưa hiểu thời hạn «cuối quý»", Problems.Check("time not understood: 'cuối quý'"));
}
