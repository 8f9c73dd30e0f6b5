using System.Text.Json;
using Accountability.Cli;

namespace Accountability.Plans.Tests;

public class CliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Cli.Cli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Parse_json_prints_the_contract()
    {
        var (code, output, _) = await Run("parse", TestFiles.SeedPath("quang-ninh-206-KH-UBND.txt"), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var document = json.RootElement.GetProperty("document");
        foreach (var field in new[] { "number", "issuer", "issuedOn", "title", "periodFrom", "periodTo", "reportsTo" })
            Assert.True(document.TryGetProperty(field, out _), field);
        Assert.Equal("2021-10-22", document.GetProperty("issuedOn").GetString());
        var first = json.RootElement.GetProperty("assignments")[0];
        foreach (var field in new[] { "key", "agency", "agencyAsWritten", "role", "coordinatingAgencies", "task", "section", "due", "deadlineText", "recurrence", "occurrence", "tentative" })
            Assert.True(first.TryGetProperty(field, out _), field);
        Assert.Equal("lead", first.GetProperty("role").GetString());
        Assert.Equal("none", first.GetProperty("recurrence").GetString());
        Assert.Contains("Sở Lao động - Thương binh và Xã hội", output); // Vietnamese printed intact, not \u-escaped
        var dated = json.RootElement.GetProperty("assignments").EnumerateArray().First(a => a.GetProperty("due").ValueKind == JsonValueKind.String);
        Assert.Equal("2021-11-15", dated.GetProperty("due").GetString());
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("warnings").ValueKind);
        // What the reader could not turn into an obligation, and what to check on a row.
        var unread = json.RootElement.GetProperty("unread");
        Assert.True(unread.GetArrayLength() > 0);
        foreach (var field in new[] { "section", "text", "why" })
            Assert.True(unread[0].TryGetProperty(field, out _), field);
        Assert.Equal(JsonValueKind.Array, first.GetProperty("checks").ValueKind);
    }

    [Fact]
    public async Task Parse_without_json_prints_a_table()
    {
        var (code, output, _) = await Run("parse", TestFiles.SeedPath("bo-ldtbxh-629-QD-LDTBXH.txt"));
        Assert.Equal(0, code);
        Assert.Contains("629/QĐ-LĐTBXH", output);
        Assert.Contains("Cục Phòng, chống tệ nạn xã hội", output);
        Assert.Contains("30/06/2020", output);
    }

    [Fact]
    public async Task Bad_input_gets_one_line_and_a_non_zero_exit()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, [0x00, 0x01, 0x02]);
        try
        {
            var (code, output, error) = await Run("parse", path, "--json");
            Assert.NotEqual(0, code);
            Assert.Empty(output);
            Assert.Single(error.TrimEnd().Split('\n'));
            Assert.Contains("binary", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_file_or_bad_usage_is_an_error()
    {
        Assert.Equal(1, (await Run("parse", "/no/such/plan.txt")).Code);
        Assert.Equal(2, (await Run("parse")).Code);
        Assert.Equal(2, (await Run("parse", "a.txt", "--yaml")).Code);
        Assert.Equal(2, (await Run("frobnicate")).Code);
    }
}
