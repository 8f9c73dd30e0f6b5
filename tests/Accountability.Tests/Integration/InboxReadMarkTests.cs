using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Security;

namespace Accountability.Tests.Integration;

/// <summary>Read and unread in an agency's inbox: marks of their own, the notices untouched.</summary>
[Collection(ServiceCollection.Name)]
public sealed class InboxReadMarkTests(ServiceFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient As(string role, string? agency = null) => fixture.ClientWith(fixture.Token(role, agency));

    private async Task<JsonElement> Unread(HttpClient client, string agency = "so-xay-dung--thanh-hoa") =>
        await client.GetFromJsonAsync<JsonElement>($"/api/agencies/{agency}/notifications/unread");

    [Fact]
    public async Task A_notice_is_unread_until_the_agency_opens_it_or_marks_all_read_and_only_the_agency_marks()
    {
        // Due tomorrow: the 1-day reminder comes with the import.
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 82/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Phòng, chống thiên tai năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Xây dựng rà soát công trình xung yếu, gửi báo cáo trước ngày 25/11/2026.
            """;
        var imported = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
        var agency = As(Roles.Agency, "so-xay-dung--thanh-hoa");
        var inbox = (await agency.GetFromJsonAsync<JsonElement>("/api/agencies/so-xay-dung--thanh-hoa/notifications")).EnumerateArray().ToList();
        var reminder = Assert.Single(inbox);
        var noticeId = reminder.GetProperty("id").GetString()!;

        var before = await Unread(agency);
        Assert.Equal(1, before.GetProperty("count").GetInt32());
        Assert.Equal([noticeId], before.GetProperty("unread").EnumerateArray().Select(e => e.GetString()));
        // The office and auditors read the count; they do not mark an agency's notices read, nor does another agency.
        Assert.Equal(1, (await Unread(As(Roles.Auditor))).GetProperty("count").GetInt32());
        var path = $"/api/agencies/so-xay-dung--thanh-hoa/notifications/{Uri.EscapeDataString(noticeId)}/read";
        Assert.Equal(HttpStatusCode.Forbidden, (await As(Roles.Coordinator).PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(Roles.Agency, "so-y-te").PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(Roles.Agency, "so-y-te").GetAsync("/api/agencies/so-xay-dung--thanh-hoa/notifications/unread")).StatusCode);
        Assert.Equal(1, (await Unread(agency)).GetProperty("count").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await agency.PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agency.PostAsync(path, null)).StatusCode); // opening it again changes nothing
        Assert.Equal(0, (await Unread(agency)).GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await agency.PostAsync("/api/agencies/so-xay-dung--thanh-hoa/notifications/khong-co/read", null)).StatusCode);

        // A new notice (the office chases) is unread; "all read" covers it.
        Assert.Equal(HttpStatusCode.OK, (await As(Roles.Coordinator).PostAsJsonAsync($"/api/assignments/{id}/chase", new { note = "Đề nghị báo cáo." })).StatusCode);
        Assert.Equal(1, (await Unread(agency)).GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await agency.PostAsync("/api/agencies/so-xay-dung--thanh-hoa/notifications/read-all", null)).StatusCode);
        Assert.Equal(0, (await Unread(agency)).GetProperty("count").GetInt32());
        fixture.Clock.Advance(TimeSpan.FromDays(1)); // the next working day: a second chase, after "all read", is unread again
        agency = As(Roles.Agency, "so-xay-dung--thanh-hoa"); // a token of the new day
        Assert.Equal(HttpStatusCode.OK, (await As(Roles.Coordinator).PostAsJsonAsync($"/api/assignments/{id}/chase", new { note = "Nhắc lại." })).StatusCode);
        Assert.Equal(1, (await Unread(agency)).GetProperty("count").GetInt32());

        // The notice itself is the same record as before it was read.
        var after = (await agency.GetFromJsonAsync<JsonElement>("/api/agencies/so-xay-dung--thanh-hoa/notifications")).EnumerateArray().Single(n => n.GetProperty("id").GetString() == noticeId);
        Assert.Equal(reminder.GetProperty("createdAt").GetString(), after.GetProperty("createdAt").GetString());
        Assert.Equal(reminder.GetProperty("message").GetString(), after.GetProperty("message").GetString());
    }
}
