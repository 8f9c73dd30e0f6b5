using System.Formats.Tar;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Accountability.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using static Accountability.Tests.Integration.ProcessCallers;

namespace Accountability.Tests.Integration;

/// <summary>
/// `backup FILE` and `restore FILE` run as the operator runs them, between service processes on databases of their
/// own; and the rotation of the key that signs checkpoints, with the checkpoints signed before it.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class BackupTests : IDisposable
{
    private readonly ProcessCallers _callers = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("accountability-backup-test-").FullName;

    private string KeyFile => Path.Combine(_folder, "keys", "audit-signing-key.pem");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string> On(string database) =>
        _callers.Settings(new() { ["ConnectionStrings__Marten"] = database, ["Audit__SigningKeyFile"] = KeyFile, ["Wolverine__Durability"] = "Solo" });

    private Task<ServiceProcess> StartAsync(string database) => ServiceProcess.StartAsync(database, _callers.KeyText, On(database));

    private static Task<(int ExitCode, string Stdout, string Stderr)> Run(Dictionary<string, string> settings, params string[] args) =>
        ServiceProcess.RunAsync(args, settings);

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The scorecards without the moment they were asked for.</summary>
    private static string Scorecards(string json)
    {
        var book = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(book.Remove("asOf"));
        Assert.Equal(3, book["scorecards"]!.AsArray().Count); // three agencies, each with work
        return book.ToJsonString();
    }

    [Fact]
    public async Task Backup_then_restore_into_an_empty_database_keeps_the_chain_and_every_scorecard()
    {
        var source = await ServiceProcess.FreshDatabaseAsync("accountability_backup_source");
        var target = await ServiceProcess.FreshDatabaseAsync("accountability_backup_target");
        Assert.Equal(0, (await Run(On(source), "audit-key", "create")).ExitCode);

        string scorecards, alerts, checkpoint;
        long events, streams;
        await using (var service = await StartAsync(source))
        {
            var office = service.Client(_callers.Coordinator());
            // Passed deadlines (marked overdue, noticed, escalated) beside open ones and completed ones.
            var late = await ImportAsync(office, Plan(401, "15/11/2021", "20/11/2021", "25/11/2021"));
            await ServiceFixture.EventuallyAsync(async () => (await Json(office, "/api/notifications")).GetArrayLength(), n => n == 6,
                "the late assignments' overdue notices and escalations", 60_000);
            var open = await ImportAsync(office, Plan(402, "15/12/2099", "20/12/2099", "25/12/2099"));
            foreach (var (id, on) in new[] { (late[0], "2021-11-30"), (open[0], "2021-11-10") })
            {
                var agency = (await Json(office, $"/api/assignments/{id}")).GetProperty("agencyId").GetString()!;
                Assert.Equal(HttpStatusCode.OK, (await service.Client(_callers.Agency(agency)).PostAsJsonAsync($"/api/assignments/{id}/complete", new { effectiveOn = on })).StatusCode);
            }
            scorecards = Scorecards(await office.GetStringAsync("/api/scorecards"));
            alerts = await office.GetStringAsync("/api/alerts");
            checkpoint = await office.GetStringAsync("/api/audit/checkpoint");
            var verified = await Json(office, "/api/audit/verify");
            (events, streams) = (verified.GetProperty("checked").GetInt64(), verified.GetProperty("streams").GetInt64());
        }

        var file = Path.Combine(_folder, "backups", "accountability.backup");
        var backup = await Run(On(source), "backup", file);
        Assert.True(backup.ExitCode == 0, backup.Stderr);
        Assert.StartsWith($"backup: {file}: {streams} streams, {events} events", backup.Stdout);
        var names = new List<string>();
        await using (var tar = new TarReader(File.OpenRead(file)))
            while (await tar.GetNextEntryAsync() is { } entry) names.Add(entry.Name.TrimStart('.', '/'));
        Assert.Contains("database.dump", names);
        Assert.Contains("checkpoint.json", names);
        Assert.Contains("manifest.json", names);
        Assert.Contains(names, n => n.StartsWith("keys/", StringComparison.Ordinal) && n.EndsWith(".pem", StringComparison.Ordinal));

        var restore = await Run(On(target), "restore", file);
        Assert.True(restore.ExitCode == 0, restore.Stdout + restore.Stderr);
        Assert.Contains($"restore: {streams} streams, {events} events", restore.Stdout);
        Assert.Contains("hash chain holds; checkpoint of", restore.Stdout);
        // Only into an empty database: a second restore changes nothing and says why, in one line.
        var again = await Run(On(target), "restore", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not empty", Assert.Single(again.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        await using (var restored = await StartAsync(target))
        {
            var office = restored.Client(_callers.Coordinator());
            var verify = await Json(office, "/api/audit/verify");
            Assert.True(verify.GetProperty("ok").GetBoolean());
            Assert.Equal(events, verify.GetProperty("checked").GetInt64());
            Assert.Equal(scorecards, Scorecards(await office.GetStringAsync("/api/scorecards")));
            Assert.Equal(alerts, await office.GetStringAsync("/api/alerts"));
            // A checkpoint kept from the original verifies against the restored data.
            var kept = await (await office.PostAsync("/api/audit/verify", Body(checkpoint))).Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(kept.GetProperty("ok").GetBoolean(), kept.ToString());
            // The restored service goes on working: the same plan again changes nothing; timers restored with the data still count.
            Assert.Equal(HttpStatusCode.OK, (await office.PostAsync("/api/plans", Plan(401, "15/11/2021", "20/11/2021", "25/11/2021"))).StatusCode);
            Assert.Equal(6, (await Json(office, "/api/notifications")).GetArrayLength());
        }
    }

    [Fact]
    public async Task Rotating_the_signing_key_keeps_the_checkpoints_signed_before_verifiable()
    {
        var database = await ServiceProcess.FreshDatabaseAsync("accountability_rotation");
        var created = await Run(On(database), "audit-key", "create");
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal(1, (await Run(On(database), "audit-key", "create")).ExitCode); // never over an existing key

        string before, first;
        await using (var service = await StartAsync(database))
        {
            var office = service.Client(_callers.Coordinator());
            await ImportAsync(office, Plan(501, "15/12/2099", "20/12/2099", "25/12/2099"));
            before = await office.GetStringAsync("/api/audit/checkpoint");
            first = JsonDocument.Parse(before).RootElement.GetProperty("keyId").GetString()!;
        }
        var keyBefore = await File.ReadAllTextAsync(KeyFile);

        var rotated = await Run(On(database), "audit-key", "rotate");
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        Assert.Contains($"retired {first}", rotated.Stdout);
        Assert.NotEqual(keyBefore, await File.ReadAllTextAsync(KeyFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));

        await using (var service = await StartAsync(database))
        {
            var office = service.Client(_callers.Coordinator());
            var current = (await Json(office, "/api/audit/key")).GetProperty("keyId").GetString()!;
            Assert.NotEqual(first, current);
            var ring = await Json(office, "/api/audit/keys");
            Assert.Equal(current, ring.GetProperty("current").GetString());
            var keys = ring.GetProperty("keys").EnumerateArray().ToDictionary(k => k.GetProperty("id").GetString()!);
            Assert.Equal(new[] { first, current }.Order(), keys.Keys.Order());
            Assert.NotEqual(JsonValueKind.Null, keys[first].GetProperty("retiredAt").ValueKind);

            // The checkpoint signed before the rotation still verifies, beside one signed after it.
            var old = await office.PostAsync("/api/audit/verify", Body(before));
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
            Assert.True((await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ok").GetBoolean());
            var after = await office.GetStringAsync("/api/audit/checkpoint");
            Assert.Equal(current, JsonDocument.Parse(after).RootElement.GetProperty("keyId").GetString());
            Assert.Equal(HttpStatusCode.OK, (await office.PostAsync("/api/audit/verify", Body(after))).StatusCode);

            // Still refused: the old checkpoint changed after signing, and one signed with a key the service never had.
            var changed = JsonSerializer.Deserialize<Checkpoint>(before, JsonSerializerOptions.Web)!;
            var forged = changed with { IssuedAt = changed.IssuedAt.AddDays(-1) };
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await office.PostAsJsonAsync("/api/audit/verify", forged)).StatusCode);
            using var stranger = new AuditSigningKey(new ConfigurationBuilder().Build(), NullLogger<AuditSigningKey>.Instance);
            var foreign = Checkpoints.Sign(changed.Heads, changed.IssuedAt, stranger);
            var refused = await office.PostAsJsonAsync("/api/audit/verify", foreign);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("does not know", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        // A backup carries both public keys, so the old checkpoints verify wherever it is restored.
        var file = Path.Combine(_folder, "rotated.backup");
        Assert.Equal(0, (await Run(On(database), "backup", file)).ExitCode);
        var names = new List<string>();
        await using (var tar = new TarReader(File.OpenRead(file)))
            while (await tar.GetNextEntryAsync() is { } entry) names.Add(entry.Name.TrimStart('.', '/'));
        Assert.Contains($"keys/{first}.pem", names);
        Assert.Equal(2, names.Count(n => n.StartsWith("keys/", StringComparison.Ordinal) && n.EndsWith(".pem", StringComparison.Ordinal)));
    }
}
