using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Time;

namespace Accountability.Tests.Integration;

/// <summary>What an auditor reads back: the history of an assignment and its state as of a past moment.</summary>
[Collection(ServiceCollection.Name)]
public sealed class AuditTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateTimeOffset Vn(int y, int m, int d, int h = 0, int min = 0) => VietnamTime.At(new DateOnly(y, m, d), new TimeOnly(h, min));

    private async Task<Guid> ImportDuty()
    {
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 90/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Chuyển đổi số năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Khoa học và Công nghệ xây dựng kho dữ liệu dùng chung, hoàn thành trước ngày 15/12/2026.
            """;
        var response = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
    }

    /// <summary>Issued on 24/11 at 10:00, acknowledged on 25/11 at 09:00, completed on 26/11 at 09:00 with effect from 25/11.</summary>
    private async Task<Guid> AssignmentWithAPast()
    {
        var id = await ImportDuty();
        fixture.Clock.SetUtcNow(Vn(2026, 11, 25, 9));
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/assignments/{id}/acknowledge", new { })).StatusCode);
        fixture.Clock.SetUtcNow(Vn(2026, 11, 26, 9));
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/assignments/{id}/complete", new { effectiveOn = "2026-11-25", evidence = "Biên bản nghiệm thu" })).StatusCode);
        return id;
    }

    [Fact]
    public async Task The_history_lists_every_event_in_order_with_its_recorded_time_effective_date_and_actor()
    {
        var id = await AssignmentWithAPast();
        var history = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/history")).EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 3L], history.Select(h => h.GetProperty("version").GetInt64()));
        Assert.Equal(["assignment-issued", "assignment-acknowledged", "assignment-completed"], history.Select(h => h.GetProperty("type").GetString()));
        Assert.Equal([ServiceFixture.Start, Vn(2026, 11, 25, 9), Vn(2026, 11, 26, 9)], history.Select(h => h.GetProperty("recorded").GetDateTimeOffset()));
        Assert.Equal(["2026-11-24", "2026-11-25", "2026-11-25"], history.Select(h => h.GetProperty("effectiveOn").GetString()));
        // The acting identity is the token's subject: the office imported, the agency acknowledged and completed.
        Assert.Equal(["coordinator", "so-khoa-hoc-va-cong-nghe--thanh-hoa", "so-khoa-hoc-va-cong-nghe--thanh-hoa"], history.Select(h => h.GetProperty("actor").GetString()));
        Assert.Equal("Biên bản nghiệm thu", history[2].GetProperty("data").GetProperty("evidence").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/assignments/{Guid.NewGuid()}/history")).StatusCode);
    }

    [Fact]
    public async Task An_assignment_as_of_a_past_moment_is_what_the_office_saw_then()
    {
        var id = await AssignmentWithAPast();
        async Task<JsonElement> AsOf(DateTimeOffset at) =>
            await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}?asOf={Uri.EscapeDataString(at.ToString("O"))}");

        var issued = await AsOf(Vn(2026, 11, 24, 23));
        Assert.Equal(("issued", 1), (issued.GetProperty("status").GetString(), issued.GetProperty("version").GetInt32()));
        var acknowledged = await AsOf(Vn(2026, 11, 26, 8, 59));
        Assert.Equal(("acknowledged", 2), (acknowledged.GetProperty("status").GetString(), acknowledged.GetProperty("version").GetInt32()));
        var now = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}");
        Assert.Equal(now.GetRawText(), (await AsOf(Vn(2026, 11, 26, 9))).GetRawText());

        var before = await Client.GetAsync($"/api/assignments/{id}?asOf={Uri.EscapeDataString(Vn(2026, 11, 24, 9).ToString("O"))}");
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Contains("not issued yet", (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync($"/api/assignments/{id}?asOf=yesterday")).StatusCode);
    }
}
