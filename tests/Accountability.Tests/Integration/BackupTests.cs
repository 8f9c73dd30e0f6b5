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
/// `audit-key`, `backup FILE` and `restore FILE` run as the operator runs them, between service processes on
/// databases of their own: a store with a past is backed up after its signing key was rotated, restored into an
/// empty database, and found whole there, with the checkpoints signed before the rotation still verifiable.
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

    private static async Task<List<string>> EntriesAsync(string file)
    {
        var names = new List<string>();
        await using var tar = new TarReader(File.OpenRead(file));
        while (await tar.GetNextEntryAsync() is { } entry) names.Add(entry.Name.TrimStart('.', '/'));
        return names;
    }

    [Fact]
    public async Task A_backup_after_a_key_rotation_restores_into_an_empty_database_with_the_chain_every_scorecard_and_the_old_checkpoints_intact()
    {
        var source = await ServiceProcess.FreshDatabaseAsync("accountability_backup_source");
        var target = await ServiceProcess.FreshDatabaseAsync("accountability_backup_target");
        var created = await Run(On(source), "audit-key", "create");
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal(1, (await Run(On(source), "audit-key", "create")).ExitCode); // never over an existing key

        string scorecards, alerts, before, first;
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
            before = await office.GetStringAsync("/api/audit/checkpoint");
            first = JsonDocument.Parse(before).RootElement.GetProperty("keyId").GetString()!;
            var verified = await Json(office, "/api/audit/verify");
            (events, streams) = (verified.GetProperty("checked").GetInt64(), verified.GetProperty("streams").GetInt64());
        }

        // The key is rotated: a new private key in the file, the old public key kept.
        var keyBefore = await File.ReadAllTextAsync(KeyFile);
        var rotated = await Run(On(source), "audit-key", "rotate");
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        Assert.Contains($"retired {first}", rotated.Stdout);
        Assert.NotEqual(keyBefore, await File.ReadAllTextAsync(KeyFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));

        var file = Path.Combine(_folder, "backups", "accountability.backup");
        var backup = await Run(On(source), "backup", file);
        Assert.True(backup.ExitCode == 0, backup.Stderr);
        Assert.StartsWith($"backup: {file}: {streams} streams, {events} events", backup.Stdout);
        var names = await EntriesAsync(file);
        Assert.Contains("database.dump", names);
        Assert.Contains("checkpoint.json", names);
        Assert.Contains("manifest.json", names);
        Assert.Contains($"keys/{first}.pem", names);
        Assert.Equal(2, names.Count(n => n.StartsWith("keys/", StringComparison.Ordinal) && n.EndsWith(".pem", StringComparison.Ordinal)));

        var restore = await Run(On(target), "restore", file);
        Assert.True(restore.ExitCode == 0, restore.Stdout + restore.Stderr);
        Assert.Contains($"restore: {streams} streams, {events} events", restore.Stdout);
        Assert.Contains("hash chain holds; checkpoint of", restore.Stdout);
        // Only into an empty database: a second restore changes nothing and says why, in one line.
        var again = await Run(On(target), "restore", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not empty", Assert.Single(again.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        await using var restored = await StartAsync(target);
        var client = restored.Client(_callers.Coordinator());
        var verify = await Json(client, "/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean());
        Assert.Equal(events, verify.GetProperty("checked").GetInt64());
        Assert.Equal(scorecards, Scorecards(await client.GetStringAsync("/api/scorecards")));
        Assert.Equal(alerts, await client.GetStringAsync("/api/alerts"));

        // The restored service signs with the new key and knows the old one.
        var current = (await Json(client, "/api/audit/key")).GetProperty("keyId").GetString()!;
        Assert.NotEqual(first, current);
        var ring = await Json(client, "/api/audit/keys");
        Assert.Equal(current, ring.GetProperty("current").GetString());
        var keys = ring.GetProperty("keys").EnumerateArray().ToDictionary(k => k.GetProperty("id").GetString()!);
        Assert.Equal(new[] { first, current }.Order(), keys.Keys.Order());
        Assert.Equal(JsonValueKind.String, keys[first].GetProperty("retiredAt").ValueKind);

        // The checkpoint signed before the rotation, on the original, verifies against the restored data, beside one signed after it.
        var old = await (await client.PostAsync("/api/audit/verify", Body(before))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(old.GetProperty("ok").GetBoolean(), old.ToString());
        var after = await client.GetStringAsync("/api/audit/checkpoint");
        Assert.Equal(current, JsonDocument.Parse(after).RootElement.GetProperty("keyId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/audit/verify", Body(after))).StatusCode);

        // Still refused: the old checkpoint changed after signing, and one signed with a key the service never had.
        var signed = JsonSerializer.Deserialize<Checkpoint>(before, JsonSerializerOptions.Web)!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/api/audit/verify", signed with { IssuedAt = signed.IssuedAt.AddDays(-1) })).StatusCode);
        using var stranger = new AuditSigningKey(new ConfigurationBuilder().Build(), NullLogger<AuditSigningKey>.Instance);
        var refused = await client.PostAsJsonAsync("/api/audit/verify", Checkpoints.Sign(signed.Heads, signed.IssuedAt, stranger));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("does not know", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // It goes on working: the same plan again changes nothing, and no notice is sent twice.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/plans", Plan(401, "15/11/2021", "20/11/2021", "25/11/2021"))).StatusCode);
        Assert.Equal(6, (await Json(client, "/api/notifications")).GetArrayLength());
    }
}
