using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alba;

namespace Accountability.Tests.Integration;

[Collection(ServiceCollection.Name)]
public sealed class PlanAndAssignmentTests(ServiceFixture fixture) : IAsyncLifetime
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "Seeds");
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(HttpStatusCode Status, JsonElement Body)> Import(string seed)
    {
        var response = await fixture.ImportSeedAsync(seed);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string url, object body)
    {
        var response = await Client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private async Task<Guid> FirstAssignment(string seed, Func<JsonElement, bool>? where = null)
    {
        var (_, body) = await Import(seed);
        foreach (var id in body.GetProperty("assignments").EnumerateArray())
        {
            var a = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id.GetGuid()}");
            if (where is null || where(a)) return id.GetGuid();
        }
        throw new InvalidOperationException("no assignment matched");
    }

    [Theory]
    [InlineData("quang-ninh-206-KH-UBND.txt")]
    [InlineData("quang-ngai-2025.txt")]
    [InlineData("bac-kan-2060-QD-UBND.txt")]
    [InlineData("hcmc-702-QD-UBND.txt")]
    [InlineData("bo-ldtbxh-629-QD-LDTBXH.txt")]
    public async Task Every_seed_imports_as_one_stream_per_assignment_and_twice_changes_nothing(string seed)
    {
        var assignments = SeedReadings.Assignments(seed);
        var (status, first) = await Import(seed);
        Assert.Equal(HttpStatusCode.Created, status);
        var ids = first.GetProperty("assignments").EnumerateArray().Select(e => e.GetGuid()).ToList();
        Assert.Equal(assignments, ids.Count);

        var (again, second) = await Import(seed);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.True(second.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(ids, second.GetProperty("assignments").EnumerateArray().Select(e => e.GetGuid()).ToList());

        var plan = await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{first.GetProperty("planId").GetGuid()}");
        Assert.Equal(assignments, plan.GetProperty("assignments").GetArrayLength());
        var one = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[0]}");
        // Issued; a plan from before the 2025 reorganisation also moves the duty of an agency that ended (docs/agencies.md).
        var history = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[0]}/history")).EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("assignment-issued", history[0]);
        // A transfer tells the successor (a notice and its delivery outcomes on the same stream).
        Assert.All(history.Skip(1), type => Assert.True(type == "assignment-transferred" || type!.StartsWith("notice-", StringComparison.Ordinal), type));
        if (history.Any(t => t!.StartsWith("notice-", StringComparison.Ordinal))) Assert.Contains("assignment-transferred", history);
        Assert.Equal(history.Count, one.GetProperty("version").GetInt32());
        Assert.Equal("issued", one.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(one.GetProperty("agencyId").GetString()));
    }

    [Fact]
    public async Task Agencies_get_stable_slug_ids_and_assignments_filter_by_them()
    {
        await Import("quang-ngai-2025.txt");
        var agencies = await Client.GetFromJsonAsync<JsonElement>("/api/agencies");
        var yTe = agencies.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Sở Y tế");
        Assert.Equal("so-y-te--quang-ngai", yTe.GetProperty("id").GetString());
        async Task<JsonElement> Items(string query) => (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments?{query}")).GetProperty("items");
        Assert.Equal(2, (await Items("agency=so-tai-chinh--quang-ngai")).GetArrayLength());
        Assert.Equal(2, (await Items("agency=so-tai-chinh--quang-ngai&status=issued")).GetArrayLength());
        Assert.Equal(0, (await Items("agency=so-tai-chinh--quang-ngai&status=completed")).GetArrayLength());
        // A status that does not exist is refused with the ones that do, never answered with an empty list.
        var unknown = await Client.GetAsync("/api/assignments?agency=so-tai-chinh--quang-ngai&status=1");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("dueSoon", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var dated = await Items("agency=so-tai-chinh--quang-ngai&dueBefore=2025-12-01");
        Assert.Equal("2025-11-30", Assert.Single(dated.EnumerateArray()).GetProperty("due").GetString());
    }

    [Fact]
    public async Task Each_command_works_once_and_then_a_rule_refuses_it()
    {
        var id = await FirstAssignment("bo-ldtbxh-629-QD-LDTBXH.txt", a => a.GetProperty("due").ValueKind == JsonValueKind.String);
        var url = $"/api/assignments/{id}";

        Assert.Equal(HttpStatusCode.OK, (await Post($"{url}/acknowledge", new { })).Status);
        var (again, problem) = await Post($"{url}/acknowledge", new { });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("already acknowledged", problem.GetProperty("detail").GetString());

        var (progress, afterProgress) = await Post($"{url}/progress", new { percent = 50, note = "Đã dự thảo" });
        Assert.Equal(HttpStatusCode.OK, progress);
        Assert.Equal(50, afterProgress.GetProperty("percent").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"{url}/extend", new { newDue = "2020-08-31", reason = "" })).Status);
        var (extended, afterExtend) = await Post($"{url}/extend", new { newDue = "2020-08-31", reason = "Chờ ý kiến các bộ" });
        Assert.Equal(HttpStatusCode.OK, extended);
        Assert.Equal("2020-08-31", afterExtend.GetProperty("due").GetString());

        var (done, afterDone) = await Post($"{url}/complete", new { effectiveOn = "2020-08-20", evidence = "QĐ số 1/QĐ-CPCTNXH" });
        Assert.Equal(HttpStatusCode.OK, done);
        Assert.Equal("2020-08-20", afterDone.GetProperty("completedOn").GetString());
        Assert.Equal("completed", afterDone.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Post($"{url}/complete", new { })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Post($"{url}/withdraw", new { reason = "x" })).Status);

        var (corrected, afterCorrection) = await Post($"{url}/correct-completion", new { effectiveOn = "2020-08-18", reason = "Ngày ký quyết định" });
        Assert.Equal(HttpStatusCode.OK, corrected);
        Assert.Equal("2020-08-18", afterCorrection.GetProperty("completedOn").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"{url}/correct-completion", new { effectiveOn = "2020-08-18", reason = "" })).Status);
    }

    [Fact]
    public async Task Withdrawal_stops_progress_and_completion_and_reassignment_needs_a_known_agency()
    {
        var id = await FirstAssignment("quang-ngai-2025.txt");
        var url = $"/api/assignments/{id}";
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"{url}/reassign", new { agencyId = "no-such-agency", reason = "x" })).Status);
        var (moved, afterMove) = await Post($"{url}/reassign", new { agencyId = "so-tu-phap--quang-ngai", reason = "Đúng chức năng" });
        Assert.Equal(HttpStatusCode.OK, moved);
        Assert.Equal("so-tu-phap--quang-ngai", afterMove.GetProperty("agencyId").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Post($"{url}/withdraw", new { reason = "Kế hoạch điều chỉnh" })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Post($"{url}/progress", new { percent = 10 })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Post($"{url}/complete", new { })).Status);
    }

    [Fact]
    public async Task Stale_versions_unknown_ids_bad_json_and_unreadable_documents_get_problem_details()
    {
        var id = await FirstAssignment("bac-kan-2060-QD-UBND.txt");
        var (stale, problem) = await Post($"/api/assignments/{id}/acknowledge", new { expectedVersion = 7 });
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Contains("version 1", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/assignments/{Guid.NewGuid()}")).StatusCode);
        var agency = fixture.ClientWith(fixture.Token(Accountability.Security.Roles.Agency, "so-y-te"));
        Assert.Equal(HttpStatusCode.NotFound, (await agency.PostAsJsonAsync($"/api/assignments/{Guid.NewGuid()}/acknowledge", new { })).StatusCode);

        var bad = await Client.PostAsync($"/api/assignments/{id}/progress", new StringContent("{ not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/assignments?dueBefore=sometime")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"/api/assignments/{id}/progress", new { percent = 150 })).Status);

        var unreadable = await Client.PostAsync("/api/plans", new StringContent("Một văn bản không có phần phân công nào cả, chỉ có lời chào trân trọng.", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unreadable.StatusCode);
        Assert.Equal("application/problem+json", unreadable.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Two_completions_at_once_exactly_one_wins()
    {
        var id = await FirstAssignment("bo-ldtbxh-629-QD-LDTBXH.txt");
        var results = await Task.WhenAll(
            Client.PostAsJsonAsync($"/api/assignments/{id}/complete", new { evidence = "A" }),
            Client.PostAsJsonAsync($"/api/assignments/{id}/complete", new { evidence = "B" }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        var a = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}");
        Assert.Equal(2, a.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task If_match_carries_the_version_the_caller_saw()
    {
        var id = await FirstAssignment("bac-kan-2060-QD-UBND.txt");
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{id}/acknowledge") { Content = JsonContent.Create(new { }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"5\"");
        Assert.Equal(HttpStatusCode.Conflict, (await Client.SendAsync(stale)).StatusCode);
        var fresh = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{id}/acknowledge") { Content = JsonContent.Create(new { }) };
        fresh.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task A_file_upload_is_imported_like_text()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(Seeds, "quang-ngai-2025.txt"))), "file", "ke-hoach.txt");
        var response = await Client.PostAsync("/api/plans", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(SeedReadings.Assignments("quang-ngai-2025.txt"), body.GetProperty("assignments").GetArrayLength());
    }

    [Fact]
    public async Task A_later_plan_supersedes_the_one_it_replaces()
    {
        const string earlier = """
            ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH
            Số: 1948/QĐ-UBND
            Thành phố Hồ Chí Minh, ngày 27 tháng 5 năm 2021
            KẾ HOẠCH
            Phòng, chống mại dâm năm 2021
            I. PHÂN CÔNG THỰC HIỆN
            1. Sở Lao động - Thương binh và Xã hội chủ trì triển khai.
            """;
        var first = await Client.PostAsync("/api/plans", new StringContent(earlier, Encoding.UTF8, "text/plain"));
        var earlierId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("planId").GetGuid();
        var (_, later) = await Import("hcmc-702-QD-UBND.txt");
        var plan = await Client.GetFromJsonAsync<JsonElement>($"/api/plans/{earlierId}");
        Assert.Equal(later.GetProperty("planId").GetGuid(), plan.GetProperty("supersededBy").GetGuid());
    }

    [Fact]
    public async Task The_api_is_described_for_swagger()
    {
        var doc = await Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/plans", out _));
        Assert.True(paths.TryGetProperty("/api/assignments/{id}/complete", out _));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Theory]
    [InlineData("/api/plans", "get", null, "200")]
    [InlineData("/api/plans", "post", "text/plain", "201")]
    [InlineData("/api/plans/{id}", "get", null, "200")]
    [InlineData("/api/plans/{id}/history", "get", null, "200")]
    [InlineData("/api/plans/drafts", "post", "multipart/form-data", "201")]
    [InlineData("/api/plans/drafts", "get", null, "200")]
    [InlineData("/api/plans/drafts/{draftId}", "get", null, "200")]
    [InlineData("/api/plans/drafts/{draftId}", "delete", null, null)]
    [InlineData("/api/plans/drafts/{draftId}/assignments", "post", "application/json", "201")]
    [InlineData("/api/plans/drafts/{draftId}/assignments/{key}", "put", "application/json", "200")]
    [InlineData("/api/plans/drafts/{draftId}/assignments/{key}", "delete", null, "200")]
    [InlineData("/api/plans/drafts/{draftId}/document", "put", "application/json", "200")]
    [InlineData("/api/plans/drafts/{draftId}/confirm", "post", null, "201")]
    [InlineData("/api/agencies/{id}", "get", null, "200")]
    [InlineData("/api/agencies/{id}", "put", "application/json", "200")]
    [InlineData("/api/agencies/{id}/merge", "post", "application/json", "200")]
    [InlineData("/api/assignments", "get", null, "200")]
    public async Task Swagger_describes_each_new_endpoint_with_its_request_and_response_schemas(string path, string method, string? body, string? answer)
    {
        var doc = await Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not described");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not described");
        if (body is not null)
        {
            var content = operation.GetProperty("requestBody").GetProperty("content");
            Assert.True(content.TryGetProperty(body, out var media), $"{method} {path}: no {body} body ({content})");
            Assert.True(media.TryGetProperty("schema", out _), $"{method} {path}: the {body} body has no schema");
        }
        var responses = operation.GetProperty("responses");
        if (answer is not null)
        {
            var schema = responses.GetProperty(answer).GetProperty("content").GetProperty("application/json").GetProperty("schema");
            var name = schema.TryGetProperty("$ref", out var r) ? r.GetString()! : schema.GetProperty("items").GetProperty("$ref").GetString()!;
            var described = doc.GetProperty("components").GetProperty("schemas").GetProperty(name.Split('/').Last());
            Assert.True(described.GetProperty("properties").EnumerateObject().Any(), $"{method} {path}: {name} has no properties");
        }
        // Refusals are problem details, described as such.
        if (method != "get" || path.Contains('{'))
            Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('4') && r.Value.GetProperty("content").TryGetProperty("application/problem+json", out _)
                || r.Name.StartsWith('4') && r.Value.GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task Today_comes_from_the_injected_clock_in_Vietnam_time()
    {
        var id = await FirstAssignment("bo-ldtbxh-629-QD-LDTBXH.txt");
        // 18:30 UTC is already 01:30 the next day in Hà Nội.
        var now = fixture.Clock.GetUtcNow();
        var evening = new DateTimeOffset(now.Year, now.Month, now.Day, 18, 30, 0, TimeSpan.Zero);
        if (evening <= now) evening = evening.AddDays(1);
        fixture.Clock.SetUtcNow(evening);
        var vietnamToday = DateOnly.FromDateTime(evening.UtcDateTime).AddDays(1);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"/api/assignments/{id}/complete", new { effectiveOn = vietnamToday.AddDays(1) })).Status);
        var (status, done) = await Post($"/api/assignments/{id}/complete", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(vietnamToday.ToString("yyyy-MM-dd"), done.GetProperty("completedOn").GetString());
    }

    [Fact]
    public async Task Health_checks_the_database()
    {
        var health = await Client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("database").GetString());
    }
}
