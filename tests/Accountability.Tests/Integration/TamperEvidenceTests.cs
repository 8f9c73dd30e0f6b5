using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Audit;
using Alba;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Wolverine;
using Wolverine.Tracking;

namespace Accountability.Tests.Integration;

/// <summary>
/// The hash chain, the read models and the signed checkpoints, against a database writer working by hand in the real
/// PostgreSQL: rows changed, inserted, archived, read models edited, streams deleted and cut short.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class TamperEvidenceTests(ServiceFixture fixture) : IAsyncLifetime
{
    private HttpClient Client => fixture.Client();

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Three duties: one acknowledged and completed (3 events), two just issued; and the plan's own stream.</summary>
    private async Task<Guid[]> Activity()
    {
        var plan = ServiceFixture.Plan("92", duties: 3);
        var response = await fixture.ImportAsync(new StringContent(plan, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignments").EnumerateArray().Select(a => a.GetGuid()).ToArray();
        Assert.Equal(3, ids.Length);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/assignments/{ids[0]}/acknowledge", new { })).StatusCode);
        await fixture.TrackAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/assignments/{ids[0]}/complete", new { evidence = "Quyết định 15/QĐ-SNV" })).StatusCode));
        return ids;
    }

    private Task Sql(string sql) => fixture.SqlAsync(sql);

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
        Assert.Equal(3 + 2 + 2, report.GetProperty("checked").GetInt64()); // issued ×3, acknowledged, completed; the plan read and imported
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
        Assert.Equal(7, checkpoint.GetProperty("events").GetInt64());
        Assert.Equal("ES256", checkpoint.GetProperty("algorithm").GetString());
        var clean = await VerifyAgainst(checkpoint);
        Assert.True(clean.GetProperty("ok").GetBoolean(), clean.GetRawText());

        // Work goes on after the checkpoint: new events are not a problem.
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/assignments/{ids[2]}/acknowledge", new { })).StatusCode);
        Assert.True((await VerifyAgainst(checkpoint)).GetProperty("ok").GetBoolean());

        // Someone deletes a whole stream with its read models and cuts the last event off another, tidily: every link
        // still holds; what shows without a checkpoint is only the cut stream's read model, which says more than its events.
        await Sql($"DELETE FROM accountability.mt_events WHERE stream_id = '{ids[1]}'; DELETE FROM accountability.mt_streams WHERE id = '{ids[1]}'");
        await Sql($"DELETE FROM accountability.mt_doc_assignment WHERE id = '{ids[1]}'; DELETE FROM accountability.mt_doc_deadlinealert WHERE id = '{ids[1]}'; DELETE FROM accountability.mt_doc_scorecardentry WHERE id = '{ids[1]}'");
        await Sql($"DELETE FROM accountability.mt_events WHERE stream_id = '{ids[0]}' AND version = 3; UPDATE accountability.mt_streams SET version = 2 WHERE id = '{ids[0]}'");
        Assert.All(Broken(await Verify()), b => Assert.Equal(ids[0], b.Item1));
        Assert.All(Broken(await Verify()), b => Assert.StartsWith("the stored", b.Item3));

        var report = await VerifyAgainst(checkpoint);
        Assert.False(report.GetProperty("ok").GetBoolean());
        var broken = Broken(report).Where(b => !b.Item3.StartsWith("the stored", StringComparison.Ordinal)).ToList();
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

    [Fact]
    public async Task An_event_inserted_by_sql_fails_verification_even_with_a_hash_the_database_computed()
    {
        var ids = await Activity();
        Assert.True((await Verify()).GetProperty("ok").GetBoolean());

        // The forger appends a completion to the second duty as the old trigger would have linked it: a SHA-256 over the
        // row chained to the real head, a valid-looking hash. Without the service's key it cannot check out.
        await Sql($"""
            INSERT INTO accountability.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers)
            SELECT nextval('accountability.mt_events_sequence'), gen_random_uuid(), e.stream_id, 2,
                   jsonb_build_object('effectiveOn', '2026-11-20', 'evidence', 'giả', 'by', 'so-tu-phap', 'at', '2026-11-24T03:00:00+00:00'),
                   'assignment_completed', e.timestamp, e.tenant_id, 'Accountability.Assignments.AssignmentCompleted, Accountability',
                   jsonb_build_object('prev', e.headers ->> 'hash',
                     'hash', encode(sha256(convert_to(concat_ws(E'\n', e.headers ->> 'hash', e.stream_id::text, '2', 'assignment_completed'), 'UTF8')), 'hex'))
              FROM accountability.mt_events e WHERE e.stream_id = '{ids[1]}' AND e.version = 1;
            UPDATE accountability.mt_streams SET version = 2 WHERE id = '{ids[1]}';
            """);
        var history = await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[1]}/history");
        Assert.Equal(2, history.GetArrayLength()); // the forged event is read as real by everything but the check
        var broken = Broken(await Verify());
        Assert.Contains(broken, b => b == (ids[1], 2L, "the event does not match its hash: it was written or changed outside the service"));

        // An event without a hash is refused by the database itself.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Sql($"""
            INSERT INTO accountability.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers)
            SELECT nextval('accountability.mt_events_sequence'), gen_random_uuid(), stream_id, 3, data, type, timestamp, tenant_id, mt_dotnet_type, jsonb_build_object()
              FROM accountability.mt_events WHERE stream_id = '{ids[1]}' AND version = 1
            """));
        Assert.Contains("chain hash", refused.MessageText);
    }

    [Fact]
    public async Task An_event_marked_archived_by_hand_is_caught()
    {
        var ids = await Activity();
        await Sql($"UPDATE accountability.mt_events SET is_archived = true WHERE stream_id = '{ids[0]}' AND version = 3");
        // The completion drops out of the history (and of asOf), silently.
        Assert.Equal(2, (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[0]}/history")).GetArrayLength());
        var broken = Broken(await Verify());
        Assert.Contains((ids[0], 3L, "the event was marked archived after it was written, which hides it from history and asOf"), broken);
    }

    [Fact]
    public async Task A_read_model_edited_by_hand_is_caught_by_folding_the_events_again()
    {
        var ids = await Activity();
        var clean = await Verify();
        Assert.True(clean.GetProperty("ok").GetBoolean(), clean.GetRawText());
        Assert.Equal(4, clean.GetProperty("readModels").GetInt64());

        // The second duty shown as done at 100% (its list, its scorecard), its alert removed, and a duty invented outright.
        await Sql($"UPDATE accountability.mt_doc_assignment SET data = jsonb_set(jsonb_set(data, '{{Percent}}', '100'), '{{CompletedOn}}', '\"2026-11-20\"') WHERE id = '{ids[1]}'");
        await Sql($"DELETE FROM accountability.mt_doc_deadlinealert WHERE id = '{ids[2]}'");
        var invented = Guid.NewGuid();
        await Sql($"INSERT INTO accountability.mt_doc_assignment (id, data, mt_last_modified, mt_version, mt_dotnet_type) SELECT '{invented}', jsonb_set(data, '{{Id}}', '\"{invented}\"'), mt_last_modified, mt_version, mt_dotnet_type FROM accountability.mt_doc_assignment WHERE id = '{ids[1]}'");
        Assert.Equal(100, (await Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{ids[1]}")).GetProperty("percent").GetInt32());

        var report = await Verify();
        Assert.False(report.GetProperty("ok").GetBoolean());
        var broken = Broken(report);
        Assert.Contains((ids[1], 1L, "the stored assignment differs from its events in Percent, CompletedOn"), broken);
        Assert.Contains((ids[2], 1L, "the stored deadline alert is missing"), broken);
        Assert.Contains((invented, 0L, "a stored assignment has no events behind it"), broken);
        Assert.Equal(3, broken.Count);
    }

    [Fact]
    public async Task The_checkpoint_the_service_writes_out_of_the_database_catches_a_deleted_stream_and_a_cut_tail()
    {
        var ids = await Activity();
        await fixture.Host.InvokeMessageAndWaitAsync(new WriteAuditCheckpoint(fixture.Clock.GetUtcNow()));
        var written = Assert.Single(Directory.GetFiles(fixture.CheckpointFolder));
        var report = await Verify();
        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Equal(Path.GetFileName(written), report.GetProperty("checkpoint").GetProperty("file").GetString());

        // A tidy deletion and a tidy cut: the chain holds, nobody kept anything, and still both are caught.
        await Sql($"DELETE FROM accountability.mt_events WHERE stream_id = '{ids[1]}'; DELETE FROM accountability.mt_streams WHERE id = '{ids[1]}'");
        await Sql($"DELETE FROM accountability.mt_doc_assignment WHERE id = '{ids[1]}'; DELETE FROM accountability.mt_doc_deadlinealert WHERE id = '{ids[1]}'; DELETE FROM accountability.mt_doc_scorecardentry WHERE id = '{ids[1]}'");
        await Sql($"DELETE FROM accountability.mt_events WHERE stream_id = '{ids[0]}' AND version = 3; UPDATE accountability.mt_streams SET version = 2 WHERE id = '{ids[0]}'");
        var broken = Broken(await Verify());
        Assert.Contains((ids[1], 1L, "the stream is gone since the checkpoint"), broken);
        Assert.Contains((ids[0], 3L, "events after version 2 are gone since the checkpoint"), broken);

        // A checkpoint file changed to agree with the cut is refused as untrustworthy, not believed.
        File.WriteAllText(written, File.ReadAllText(written).Replace("\"events\": 7", "\"events\": 2"));
        Assert.Contains(Broken(await Verify()), b => b.Item3.Contains("cannot be trusted"));
    }

    [Fact]
    public async Task Each_period_writes_one_checkpoint_and_schedules_the_next_so_duplicate_chains_die_out()
    {
        await Activity();
        var folder = new CheckpointFolder(new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:CheckpointFolder"] = Path.Combine(fixture.AuditFolder, "hourly"), ["Audit:CheckpointInterval"] = "01:00:00", ["Audit:CheckpointsKept"] = "2",
        }).Build(), Microsoft.Extensions.Logging.Abstractions.NullLogger<CheckpointFolder>.Instance);
        var services = fixture.Host.Services;
        Task<Wolverine.OutgoingMessages> Write(DateTimeOffset period) => WriteAuditCheckpointHandler.Handle(new WriteAuditCheckpoint(period), services.GetRequiredService<HashChain>(),
            services.GetRequiredService<AuditSigningKey>(), folder, fixture.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<WriteAuditCheckpoint>.Instance, CancellationToken.None);

        fixture.Clock.SetUtcNow(ServiceFixture.Start.AddMinutes(20));
        var period = folder.PeriodOf(fixture.Clock.GetUtcNow());
        Assert.Equal(ServiceFixture.Start, period);
        var next = Assert.Single(await Write(period));
        Assert.Equal(new WriteAuditCheckpoint(period.AddHours(1)), ((Wolverine.DeliveryMessage<WriteAuditCheckpoint>)next).Message);
        Assert.Equal(TimeSpan.FromMinutes(40), ((Wolverine.DeliveryMessage<WriteAuditCheckpoint>)next).Options!.ScheduleDelay);
        Assert.Empty(await Write(period)); // a second chain finds the period written and stops
        Assert.Single(await Write(period.AddHours(-2)));
        Assert.Single(await Write(period.AddHours(-1)));
        Assert.Equal(2, Directory.GetFiles(folder.Folder!).Length); // the oldest beyond Audit:CheckpointsKept are dropped
        var latest = await folder.LatestAsync(CancellationToken.None);
        Assert.Equal(4, latest!.Value.Checkpoint!.Streams);
        Assert.Null(Checkpoints.Refusal(latest.Value.Checkpoint, services.GetRequiredService<AuditSigningKey>().Key));
    }

    private async Task<JsonElement> VerifyAgainst(JsonElement checkpoint)
    {
        var response = await Client.PostAsync("/api/audit/verify", new StringContent(checkpoint.GetRawText(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
