using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accountability.Assignments.Evidence;
using Accountability.Security;
using Marten;

namespace Accountability.Tests.Integration;

/// <summary>Evidence files on progress reports and completions: stored with their hash, served to the right people, refused whole.</summary>
[Collection(ServiceCollection.Name)]
public sealed class EvidenceTests(ServiceFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient As(string role, string? agency = null) => fixture.ClientWith(fixture.Token(role, agency));

    /// <summary>A one-duty plan; the Sở Nội vụ's assignment.</summary>
    private async Task<(Guid Id, string Agency)> ImportDuty(string number)
    {
        var response = await fixture.ImportAsync(new StringContent(ServiceFixture.Plan(number, 1), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments")[0].GetGuid();
        var agency = (await As(Roles.Coordinator).GetFromJsonAsync<JsonElement>($"/api/assignments/{id}")).GetProperty("agencyId").GetString()!;
        return (id, agency);
    }

    public static byte[] Pdf(string text = "Báo cáo") => Encoding.UTF8.GetBytes($"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>An OOXML package with the given main part's content type (Word, Excel, or a macro-enabled one).</summary>
    public static byte[] Package(string mainType, string mainPart)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
                types.Write($"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/{mainPart}" ContentType="{mainType}"/></Types>""");
            using (var main = new StreamWriter(zip.CreateEntry(mainPart).Open())) main.Write("<x/>");
        }
        return buffer.ToArray();
    }

    public static byte[] Docx() => Package("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml");
    public static byte[] Xlsx() => Package("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private static MultipartFormDataContent Form(IEnumerable<(string Name, byte[] Bytes, string Declared)> files, params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, value) in fields) form.Add(new StringContent(value), field);
        foreach (var (name, bytes, declared) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(declared);
            form.Add(part, "files", name);
        }
        return form;
    }

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    private async Task<long> StoredFiles(Guid id)
    {
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await EvidenceStore.CountAsync(session, id, default);
    }

    private async Task<List<JsonElement>> History(Guid id) =>
        (await As(Roles.Coordinator).GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/history")).EnumerateArray().ToList();

    [Fact]
    public async Task Files_are_stored_with_their_hash_in_the_event_and_served_only_to_the_office_auditors_and_the_agency()
    {
        var (id, agency) = await ImportDuty("9101");
        var agencyClient = As(Roles.Agency, agency);
        var pdf = Pdf();
        var docx = Docx();
        // The names are the agency's own, folders and all; the declared types are wrong on purpose: the content decides.
        var progress = await agencyClient.PostAsync($"/api/assignments/{id}/progress", Form(
            [(@"C:\Báo cáo\bao-cao-quy-4.pdf", pdf, "application/octet-stream"), ("du-thao", docx, "text/plain"), ("anh.png", Png, "image/png")],
            ("percent", "60"), ("note", "Đã rà soát 60%")));
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        Assert.Equal(60, (await progress.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("percent").GetInt32());

        var reported = (await History(id)).Single(e => e.GetProperty("type").GetString() == "progress-reported");
        var recorded = reported.GetProperty("data").GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["bao-cao-quy-4.pdf", "du-thao.docx", "anh.png"], recorded.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal([Sha(pdf), Sha(docx), Sha(Png)], recorded.Select(f => f.GetProperty("sha256").GetString()));
        Assert.Equal(["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "image/png"],
            recorded.Select(f => f.GetProperty("contentType").GetString()));
        Assert.Equal(3, await StoredFiles(id));

        var xlsx = Xlsx();
        var completed = await agencyClient.PostAsync($"/api/assignments/{id}/complete", Form([("so-lieu.xlsx", xlsx, "application/vnd.ms-excel")], ("evidence", "Công văn 12/SNV")));
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("completed", (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var list = (await agencyClient.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/files")).EnumerateArray().ToList();
        Assert.Equal(["progress-reported", "progress-reported", "progress-reported", "assignment-completed"], list.Select(f => f.GetProperty("report").GetString()));
        var pdfUrl = list[0].GetProperty("url").GetString()!;

        foreach (var reader in new[] { agencyClient, As(Roles.Coordinator), As(Roles.Auditor) })
        {
            using var download = await reader.GetAsync(pdfUrl);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("bao-cao-quy-4.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await As(Roles.Agency, "so-y-te").GetAsync(pdfUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(Roles.Agency, "so-y-te").GetAsync($"/api/assignments/{id}/files")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.ClientWith(null).GetAsync(pdfUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agencyClient.GetAsync($"/api/assignments/{id}/files/{Guid.NewGuid()}")).StatusCode);

        // The hashes are in the events, and the events are in the chain.
        var verify = await As(Roles.Auditor).GetFromJsonAsync<JsonElement>($"/api/audit/verify?stream={id}");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
    }

    [Fact]
    public async Task Bytes_changed_in_the_database_are_caught_by_the_download_and_not_served()
    {
        var (id, agency) = await ImportDuty("9102");
        var agencyClient = As(Roles.Agency, agency);
        Assert.Equal(HttpStatusCode.OK, (await agencyClient.PostAsync($"/api/assignments/{id}/progress", Form([("bao-cao.pdf", Pdf(), "application/pdf")], ("percent", "30")))).StatusCode);
        var url = (await agencyClient.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}/files"))[0].GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await agencyClient.GetAsync(url)).StatusCode);

        await fixture.SqlAsync($"update accountability.{EvidenceStore.TableName} set content = convert_to('%PDF-1.4 forged', 'UTF8') where assignment_id = '{id}'");
        using var tampered = await As(Roles.Auditor).GetAsync(url);
        Assert.Equal(HttpStatusCode.InternalServerError, tampered.StatusCode);
        var problem = await tampered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Evidence file altered", problem.GetProperty("title").GetString());
        Assert.DoesNotContain("forged", problem.GetRawText());
    }

    public static TheoryData<string> Refusals => new() { "renamed-exe", "too-large", "too-many", "macro-workbook", "stale-version" };

    [Theory, MemberData(nameof(Refusals))]
    public async Task A_refused_report_stores_nothing_neither_event_nor_bytes(string refusal)
    {
        var (id, agency) = await ImportDuty("9103");
        var agencyClient = As(Roles.Agency, agency);
        var before = (await History(id)).Count;
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        var (form, status, title) = refusal switch
        {
            "renamed-exe" => (Form([("bao-cao.pdf", Pdf(), "application/pdf"), ("bao-cao-2.pdf", exe, "application/pdf")], ("percent", "50")), HttpStatusCode.UnsupportedMediaType, "Not an accepted file type"),
            "too-large" => (Form([("bao-cao.pdf", Pdf(), "application/pdf"), ("lon.pdf", [.. Pdf(), .. new byte[21 * 1024 * 1024]], "application/pdf")], ("percent", "50")), HttpStatusCode.RequestEntityTooLarge, "File too large"),
            "too-many" => (Form(Enumerable.Range(1, 11).Select(i => ($"phan-{i}.pdf", Pdf($"phần {i}"), "application/pdf")), ("percent", "50")), HttpStatusCode.RequestEntityTooLarge, "Too many files"),
            "macro-workbook" => (Form([("so-lieu.xlsx", Package("application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")], ("percent", "50")), HttpStatusCode.UnsupportedMediaType, "Not an accepted file type"),
            _ => (Form([("bao-cao.pdf", Pdf(), "application/pdf")], ("percent", "50"), ("expectedVersion", "1")), HttpStatusCode.Conflict, "Stale version"),
        };
        if (refusal == "stale-version") // someone (the agency itself, in another tab) acknowledged first
            Assert.Equal(HttpStatusCode.OK, (await agencyClient.PostAsJsonAsync($"/api/assignments/{id}/acknowledge", new { })).StatusCode);
        using var response = await agencyClient.PostAsync($"/api/assignments/{id}/progress", form);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        Assert.Equal(0, await StoredFiles(id));
        var history = await History(id);
        Assert.Equal(before + (refusal == "stale-version" ? 1 : 0), history.Count);
        Assert.DoesNotContain(history, e => e.GetProperty("type").GetString() == "progress-reported");
        Assert.Equal(0, (await agencyClient.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}")).GetProperty("percent").GetInt32());
    }

    [Fact]
    public async Task A_report_with_files_is_for_the_agency_holding_the_assignment_and_a_body_over_the_limit_is_refused_before_it_is_read()
    {
        var (id, _) = await ImportDuty("9104");
        var other = await As(Roles.Agency, "so-y-te").PostAsync($"/api/assignments/{id}/progress", Form([("bao-cao.pdf", Pdf(), "application/pdf")], ("percent", "50")));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        var coordinator = await As(Roles.Coordinator).PostAsync($"/api/assignments/{id}/complete", Form([("bao-cao.pdf", Pdf(), "application/pdf")]));
        Assert.Equal(HttpStatusCode.Forbidden, coordinator.StatusCode);
        Assert.Equal(0, await StoredFiles(id));

        // A declared length over ten files at the limit: 413 before a byte of the body is read.
        var huge = new ByteArrayContent([]);
        huge.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        huge.Headers.ContentLength = EvidenceRules.MaxRequestBytes + 1;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{id}/progress") { Content = huge };
        using var tooLarge = await fixture.ClientWith(fixture.Token(Roles.Agency, "so-noi-vu--thanh-hoa")).SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }
}
