using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Audit;
using Alba;
using Marten;
using Npgsql;
using Wolverine;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>The hash chain and the signed checkpoints, against rows changed by hand in the real PostgreSQL.</summary>
[Collection(ServiceCollection.Name)]
public sealed class TamperEvidenceTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Three duties: one acknowledged and completed (3 events), two just issued; and the plan's own stream.</summary>
    private async Task<Guid[]> Activity()
    {
        var plan = """
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 92/KH-UBND
            Thanh Hóa, ngày 01 tháng 11 năm 2026
            KẾ HOẠCH
            Cải cách hành chính năm 2026
            I. PHÂN CÔNG NHIỆM VỤ
            1. Sở Nội vụ rà soát thủ tục hành chính, hoàn thành trước ngày 15/12/2026.
            2. Sở Tư pháp kiểm soát thủ tục, hoàn thành trước ngày 20/12/2026.
            3. Văn phòng UBND tỉnh tổng hợp báo cáo, hoàn thành trước ngày 25/12/2026.
            """;
        var response = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/assignments/{ids[0]}/acknowledge", new { })).StatusCode);
        await fixture.Host.ExecuteAndWaitAsync(async (IMessageContext _) =>
            Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/assignments/{ids[0]}/complete", new { evidence = "Quyết định 15/QĐ-SNV" })).StatusCode));
        return ids;
    }

    private async Task Sql(string sql)
    {
        await using var connection = fixture.Host.Services.GetRequiredService<IDocumentStore>().Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonElement> Verify(string query = "") => await Client.GetFromJsonAsync<JsonElement>("/api/audit/verify" + query);

    private static List<(Guid, long, string)> Broken(JsonElement report) => report.GetProperty("broken").EnumerateArray()
        .Select(b => (b.GetProperty("stream").GetGuid(), b.GetProperty("version").GetInt64(), b.GetProperty("problem").GetString()!)).ToList();

    [Fact]
    public async Task Every_event_carries_a_hash_linked_to_the_one_before_it()
    {
        var ids = await Activity();
        var report = await Verify();
        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Equal(4, report.GetProperty("streams").GetInt64()); // three assignments and the plan
        Assert.Equal(3 + 2 + 1, report.GetProperty("checked").GetInt64()); // issued ×3, acknowledged, completed; the plan
        var history = (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[0]}/history")).EnumerateArray().ToList();
        var hashes = history.Select(h => h.GetProperty("hash").GetString()).ToList();
        Assert.Equal(3, hashes.Distinct().Count());
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h!));
    }

    [Fact]
    public async Task An_event_row_changed_by_hand_is_caught()
    {
        var ids = await Activity();
        await Sql($"UPDATE accountability.mt_events SET data = jsonb_set(data, '{{evidence}}', '\"Quyết định giả\"') WHERE stream_id = '{ids[0]}' AND version = 3");
        var report = await Verify();
        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.True(Broken(report).Count == 1, report.GetRawText());
        var (stream, version, problem) = Broken(report)[0];
        Assert.Equal((ids[0], 3L), (stream, version));
        Assert.Contains("changed", problem);
        Assert.False((await Verify($"?stream={ids[0]}")).GetProperty("ok").GetBoolean());
        Assert.True((await Verify($"?stream={ids[1]}")).GetProperty("ok").GetBoolean());

        // A changed recorded time, and an event removed from the middle of a stream, are caught too.
        await Sql($"UPDATE accountability.mt_events SET timestamp = timestamp - interval '1 day' WHERE stream_id = '{ids[1]}' AND version = 1");
        await Sql($"DELETE FROM accountability.mt_events WHERE stream_id = '{ids[0]}' AND version = 2");
        var streams = Broken(await Verify()).Select(b => (b.Item1, b.Item2)).ToList();
        Assert.Contains((ids[1], 1L), streams);
        Assert.Contains((ids[0], 3L), streams);
    }

    [Fact]
    public async Task A_kept_checkpoint_catches_streams_deleted_or_cut_short_that_the_chain_cannot_see()
    {
        var ids = await Activity();
        var checkpoint = await Client.GetFromJsonAsync<JsonElement>("/api/audit/checkpoint");
        Assert.Equal(4, checkpoint.GetProperty("streams").GetInt64());
        Assert.Equal(6, checkpoint.GetProperty("events").GetInt64());
        Assert.Equal("ES256", checkpoint.GetProperty("algorithm").GetString());
        Assert.True((await VerifyAgainst(checkpoint)).GetProperty("ok").GetBoolean());

        // Work goes on after the checkpoint: new events are not a problem.
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/assignments/{ids[2]}/acknowledge", new { })).StatusCode);
        Assert.True((await VerifyAgainst(checkpoint)).GetProperty("ok").GetBoolean());

        // Someone deletes a whole stream and cuts the last event off another, tidily: the chain still holds.
        await Sql($"DELETE FROM accountability.mt_events WHERE stream_id = '{ids[1]}'; DELETE FROM accountability.mt_streams WHERE id = '{ids[1]}'");
        await Sql($"DELETE FROM accountability.mt_events WHERE stream_id = '{ids[0]}' AND version = 3; UPDATE accountability.mt_streams SET version = 2 WHERE id = '{ids[0]}'");
        Assert.True((await Verify()).GetProperty("ok").GetBoolean());

        var report = await VerifyAgainst(checkpoint);
        Assert.False(report.GetProperty("ok").GetBoolean());
        var broken = Broken(report);
        Assert.Contains(broken, b => b.Item1 == ids[1] && b.Item3.Contains("gone"));
        Assert.Contains(broken, b => b.Item1 == ids[0] && b.Item2 == 3 && b.Item3.Contains("after version 2"));
        Assert.Equal(2, broken.Count);
    }

    [Fact]
    public async Task A_checkpoint_changed_after_signing_is_refused()
    {
        await Activity();
        var checkpoint = await Client.GetFromJsonAsync<Checkpoint>("/api/audit/checkpoint");
        var forged = checkpoint! with { Heads = [.. checkpoint.Heads.Skip(1)], Streams = checkpoint.Streams - 1, Events = checkpoint.Events - checkpoint.Heads[0].Version };
        forged = forged with { HeadsDigest = Checkpoints.HeadsDigest(forged.Heads) };
        var response = await Client.PostAsJsonAsync("/api/audit/verify", forged);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("signature does not verify", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private async Task<JsonElement> VerifyAgainst(JsonElement checkpoint)
    {
        var response = await Client.PostAsync("/api/audit/verify", new StringContent(checkpoint.GetRawText(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
