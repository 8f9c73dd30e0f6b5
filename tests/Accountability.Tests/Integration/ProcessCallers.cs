using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accountability.Security;
using Microsoft.IdentityModel.Tokens;

namespace Accountability.Tests.Integration;

/// <summary>Callers of services started as processes: a development key of their own, tokens signed with it, plans to import.</summary>
public sealed class ProcessCallers
{
    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32));

    public string KeyText => Convert.ToBase64String(_key.Key);

    public string Coordinator(string subject = "coordinator") =>
        Authentication.IssueDevelopmentToken(_key, Roles.Coordinator, null, subject, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    public string Agency(string agency) => Authentication.IssueDevelopmentToken(_key, Roles.Agency, agency, agency, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>Settings a process needs to run the way these callers expect.</summary>
    public Dictionary<string, string> Settings(Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Auth__DevelopmentKey"] = KeyText };
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return settings;
    }

    /// <summary>A plan of the given number whose three duties fall due on the given dates (dd/MM/yyyy).</summary>
    public static StringContent Plan(int number, string first, string second, string third) => new($"""
        ỦY BAN NHÂN DÂN TỈNH THANH HÓA
        Số: {number}/KH-UBND
        Thanh Hóa, ngày 01 tháng 10 năm 2021
        KẾ HOẠCH
        Thực hiện Chương trình phòng, chống mại dâm
        I. PHÂN CÔNG NHIỆM VỤ
        1. Sở Nội vụ xây dựng kế hoạch, gửi Sở Lao động - Thương binh và Xã hội trước ngày {first}.
        2. Sở Tư pháp tuyên truyền pháp luật, hoàn thành trước ngày {second}.
        3. Sở Y tế tổ chức khám, chữa bệnh, hoàn thành trước ngày {third}.
        """, Encoding.UTF8, "text/plain");

    public static async Task<JsonElement> Json(HttpClient client, string path) => await client.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Imports a plan and answers the assignment ids it gave.</summary>
    public static async Task<List<Guid>> ImportAsync(HttpClient client, HttpContent plan)
    {
        var response = await client.PostAsync("/api/plans", plan);
        Assert.True(response.IsSuccessStatusCode, $"import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToList();
    }
}
