using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accountability.Plans;
using Accountability.Security;
using Marten;
using Microsoft.IdentityModel.Tokens;

namespace Accountability.Tests.Integration;

/// <summary>Who may do what: each role against each family of endpoints, tokens that do not hold, idempotent replays and uploads refused.</summary>
[Collection(ServiceCollection.Name)]
public sealed class SecurityTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const string Science = "so-khoa-hoc-va-cong-nghe--thanh-hoa";
    private const string Finance = "so-tai-chinh--thanh-hoa";

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string PlanText = """
        ỦY BAN NHÂN DÂN TỈNH THANH HÓA
        Số: 93/KH-UBND
        Thanh Hóa, ngày 01 tháng 11 năm 2026
        KẾ HOẠCH
        Phát triển khoa học năm 2026
        I. PHÂN CÔNG NHIỆM VỤ
        1. Sở Khoa học và Công nghệ xây dựng chương trình nghiên cứu, hoàn thành trước ngày 15/12/2026.
        2. Sở Tài chính bố trí kinh phí, hoàn thành trước ngày 20/12/2026.
        """;

    private async Task<(Guid Plan, Guid Science, Guid Finance)> Import()
    {
        var response = await fixture.ImportAsync(new StringContent(PlanText, Encoding.UTF8, "text/plain"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = body.GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToList();
        return (body.GetProperty("planId").GetGuid(), ids[0], ids[1]);
    }

    private HttpClient As(string? role, string? agency = null) => fixture.ClientWith(role is null ? null : fixture.Token(role, agency));

    private static HttpRequestMessage Request(string method, string path, object? body = null) =>
        new(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };

    private async Task<int> EventsIn(Guid stream) =>
        (await fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession().Events.FetchStreamAsync(stream)).Count;

    [Fact]
    public async Task Each_role_reaches_only_its_own_endpoint_families_and_refusals_change_nothing()
    {
        var (plan, science, finance) = await Import();
        var coordinator = As(Roles.Coordinator);
        var auditor = As(Roles.Auditor);
        var scienceAgency = As(Roles.Agency, Science);
        var financeAgency = As(Roles.Agency, Finance);
        var anonymous = As(null);
        var clients = new Dictionary<string, HttpClient>
        {
            ["coordinator"] = coordinator, ["auditor"] = auditor, ["science"] = scienceAgency, ["finance"] = financeAgency,
        };

        // Family, request, and who may (everyone else is refused with 403, and anonymous with 401).
        var matrix = new (string Family, Func<HttpRequestMessage> Make, string[] Allowed)[]
        {
            ("read a plan", () => Request("GET", $"/api/plans/{plan}"), ["coordinator", "auditor"]),
            ("plan table", () => Request("GET", $"/api/plans/{plan}/assignments.csv"), ["coordinator", "auditor"]),
            ("list assignments", () => Request("GET", "/api/assignments"), ["coordinator", "auditor", "science", "finance"]),
            ("list another's assignments", () => Request("GET", $"/api/assignments?agency={Science}"), ["coordinator", "auditor", "science"]),
            ("read an assignment", () => Request("GET", $"/api/assignments/{science}"), ["coordinator", "auditor", "science"]),
            ("history", () => Request("GET", $"/api/assignments/{science}/history"), ["coordinator", "auditor", "science"]),
            ("acknowledge", () => Request("POST", $"/api/assignments/{science}/acknowledge", new { }), ["science"]),
            ("report progress", () => Request("POST", $"/api/assignments/{science}/progress", new { percent = 10 }), ["science"]),
            ("extend", () => Request("POST", $"/api/assignments/{finance}/extend", new { newDue = "2027-01-15", reason = "Chờ dự toán" }), ["coordinator"]),
            ("alerts", () => Request("GET", "/api/alerts"), ["coordinator", "auditor"]),
            ("all scorecards", () => Request("GET", "/api/scorecards"), ["coordinator", "auditor"]),
            ("own scorecard", () => Request("GET", $"/api/scorecards/{Science}"), ["coordinator", "auditor", "science"]),
            ("scorecards export", () => Request("GET", "/api/scorecards.csv"), ["coordinator", "auditor"]),
            ("verify", () => Request("GET", "/api/audit/verify"), ["coordinator", "auditor"]),
            ("checkpoint", () => Request("GET", "/api/audit/checkpoint"), ["coordinator", "auditor"]),
            ("inbox", () => Request("GET", $"/api/agencies/{Science}/notifications"), ["coordinator", "auditor", "science"]),
            ("office inbox", () => Request("GET", "/api/agencies/coordinating-office/notifications"), ["coordinator", "auditor"]),
            ("set a webhook", () => Request("PUT", $"/api/agencies/{Science}/webhook", new { url = "https://example.org/hook" }), ["coordinator", "science"]),
            ("all notices", () => Request("GET", "/api/notifications"), ["coordinator", "auditor"]),
            ("load a calendar", () => Request("PUT", "/api/calendar/2027", new { extraDaysOff = new[] { "2027-02-12" } }), ["coordinator"]),
            ("agencies", () => Request("GET", "/api/agencies"), ["coordinator", "auditor", "science", "finance"]),
            ("an agency's entry", () => Request("GET", $"/api/agencies/{Science}"), ["coordinator", "auditor", "science", "finance"]),
            ("edit an agency", () => Request("PUT", $"/api/agencies/{Science}", new { province = "Thanh Hóa" }), ["coordinator"]),
            ("plans", () => Request("GET", "/api/plans"), ["coordinator", "auditor"]),
            ("a plan's history", () => Request("GET", $"/api/plans/{plan}/history"), ["coordinator", "auditor"]),
            ("drafts", () => Request("GET", "/api/plans/drafts"), ["coordinator"]),
            ("import", () => new HttpRequestMessage(HttpMethod.Post, "/api/plans") { Content = new StringContent(PlanText, Encoding.UTF8, "text/plain") }, ["coordinator"]),
        };

        var before = (await EventsIn(science), await EventsIn(finance));
        foreach (var (family, make, allowed) in matrix)
            foreach (var (who, client) in clients.Where(c => !allowed.Contains(c.Key)))
            {
                var refused = await client.SendAsync(make());
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{family} as {who}: {(int)refused.StatusCode}");
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), $"{family} as {who}: no detail");
            }
        foreach (var (family, make, _) in matrix)
        {
            var anon = await anonymous.SendAsync(make());
            Assert.True(anon.StatusCode == HttpStatusCode.Unauthorized, $"{family} without a token: {(int)anon.StatusCode}");
        }
        // Nothing refused left a trace.
        Assert.Equal(before, (await EventsIn(science), await EventsIn(finance)));

        foreach (var (family, make, allowed) in matrix)
            foreach (var who in allowed)
            {
                var response = await clients[who].SendAsync(make());
                Assert.True(response.IsSuccessStatusCode, $"{family} as {who}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

        // What an agency lists is its own; every event names who acted.
        var own = await scienceAgency.GetFromJsonAsync<JsonElement>("/api/assignments");
        Assert.All(own.GetProperty("items").EnumerateArray(), a => Assert.Equal(Science, a.GetProperty("agencyId").GetString()));
        var history = await auditor.GetFromJsonAsync<JsonElement>($"/api/assignments/{science}/history");
        Assert.Equal(["coordinator", Science, Science], history.EnumerateArray().Select(e => e.GetProperty("actor").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/swagger/v1/swagger.json")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_a_foreign_signature_and_a_token_without_its_agency_are_refused()
    {
        var (_, science, _) = await Import();
        var shortLived = fixture.Token(Roles.Coordinator, lifetime: TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await fixture.ClientWith(shortLived).GetAsync($"/api/assignments/{science}")).StatusCode);
        fixture.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var expired = await fixture.ClientWith(shortLived).GetAsync($"/api/assignments/{science}");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var foreignKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        var forged = Authentication.IssueDevelopmentToken(foreignKey, Roles.Coordinator, null, "intruder", TimeSpan.FromHours(1), fixture.Clock.GetUtcNow());
        var badSignature = await fixture.ClientWith(forged).GetAsync($"/api/assignments/{science}");
        Assert.Equal(HttpStatusCode.Unauthorized, badSignature.StatusCode);
        Assert.Contains("signature", (await badSignature.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // The payload changed to another role: the signature no longer matches.
        var agencyToken = fixture.Token(Roles.Agency, Science).Split('.');
        var payload = Base64UrlEncoder.Decode(agencyToken[1]).Replace("\"agency\"", "\"coordinator\"");
        var tampered = $"{agencyToken[0]}.{Base64UrlEncoder.Encode(payload)}.{agencyToken[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.ClientWith(tampered).GetAsync("/api/alerts")).StatusCode);

        var noAgency = fixture.ClientWith(fixture.Token(Roles.Agency));
        var refused = await noAgency.PostAsJsonAsync($"/api/assignments/{science}/acknowledge", new { });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("agency", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(1, await EventsIn(science));
    }

    [Fact]
    public async Task A_command_repeated_with_its_idempotency_key_gets_the_first_answer_and_appends_nothing()
    {
        var (_, science, _) = await Import();
        var agency = As(Roles.Agency, Science);
        async Task<HttpResponseMessage> Progress(string key, int percent)
        {
            var request = Request("POST", $"/api/assignments/{science}/progress", new { percent });
            request.Headers.Add("Idempotency-Key", key);
            return await agency.SendAsync(request);
        }

        var first = await Progress("k-1", 30);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await Progress("k-1", 30);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, await EventsIn(science));

        var reused = await Progress("k-1", 60);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("different body", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Progress("k-2", 60)).StatusCode);
        Assert.Equal(3, await EventsIn(science));

        // Keys belong to their caller: another caller's same key is a new request.
        var complete = Request("POST", $"/api/assignments/{science}/complete", new { });
        complete.Headers.Add("Idempotency-Key", "done-1");
        var completed = await agency.SendAsync(complete);
        var repeat = Request("POST", $"/api/assignments/{science}/complete", new { });
        repeat.Headers.Add("Idempotency-Key", "done-1");
        var replayed = await agency.SendAsync(repeat);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (completed.StatusCode, replayed.StatusCode));
        Assert.Equal(4, await EventsIn(science));

        // An import repeated with its key answers 201 again, with the same plan.
        async Task<HttpResponseMessage> ImportWithKey()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/plans") { Content = new StringContent(PlanText.Replace("93/KH", "94/KH"), Encoding.UTF8, "text/plain") };
            request.Headers.Add("Idempotency-Key", "plan-94");
            return await As(Roles.Coordinator).SendAsync(request);
        }
        var imported = await ImportWithKey();
        var importedAgain = await ImportWithKey();
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (imported.StatusCode, importedAgain.StatusCode));
        Assert.Equal(imported.Headers.Location, importedAgain.Headers.Location);
        Assert.Equal(await imported.Content.ReadAsStringAsync(), await importedAgain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_and_binary_uploads_are_refused_and_leave_nothing_behind()
    {
        var coordinator = As(Roles.Coordinator);
        var huge = new ByteArrayContent(Encoding.UTF8.GetBytes(PlanText + new string(' ', 11 * 1024 * 1024)));
        huge.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        var tooLarge = await coordinator.PostAsync("/api/plans", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("limit is 10 MB", (await tooLarge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var png = new byte[4096];
        new Random(7).NextBytes(png);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        var form = new MultipartFormDataContent { { new ByteArrayContent(png), "file", "ke-hoach.docx" } };
        var binary = await coordinator.PostAsync("/api/plans", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, binary.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await binary.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
        var raw = new ByteArrayContent(png);
        raw.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await coordinator.PostAsync("/api/plans", raw)).StatusCode);

        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(0, await session.Query<Plan>().CountAsync());
        Assert.False(await session.Events.QueryAllRawEvents().AnyAsync());
    }

    [Fact]
    public async Task A_docx_that_is_a_decompression_bomb_is_refused_with_413()
    {
        // 3 MB of XML that deflates to a few kilobytes: over 100:1, refused before anything is parsed.
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("word/document.xml").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">" + new string(' ', 3 << 20) + "</w:document>"));
        }
        var form = new MultipartFormDataContent { { new ByteArrayContent(zip.ToArray()), "file", "ke-hoach.docx" } };
        var refused = await As(Roles.Coordinator).PostAsync("/api/plans", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("decompression bomb", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
