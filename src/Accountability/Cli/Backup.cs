using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Accountability.Audit;
using Marten;
using Npgsql;

namespace Accountability.Cli;

/// <summary>What a backup file holds besides the data: its format, where it came from, and each file's SHA-256.</summary>
public sealed record BackupManifest(string Format, DateTimeOffset CreatedAt, string Host, string Database, IReadOnlyList<string> Schemas,
    long Streams, long Events, string CheckpointKeyId, IReadOnlyDictionary<string, string> Files);

/// <summary>
/// `backup FILE` and `restore FILE` (docs/operations.md). A backup is one tar file: `database.dump` (pg_dump's custom
/// format of the service's schemas), `checkpoint.json` (every stream's head, signed just before the dump began, so
/// everything it names is in the dump), `keys/ID.pem` (every public key that signs or signed checkpoints) and
/// `manifest.json` (the files' SHA-256). Restore goes into an empty database only, then checks the hash chain and
/// the checkpoint against what it restored.
/// </summary>
public static class Backup
{
    public const string Format = "accountability-backup/v1";
    private const string Dump = "database.dump", Checkpoint = "checkpoint.json", Manifest = "manifest.json", Keys = "keys";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Wolverine's node bookkeeping belongs to the cluster that wrote it, not to the data: its rows are left out.</summary>
    private static readonly string[] ClusterTables = ["wolverine_nodes", "wolverine_node_assignments", "wolverine_node_records", "wolverine_control_queue"];

    public static async Task<int> BackupAsync(IServiceProvider services, string file, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var connection = Connection(services);
        var schemas = Schemas(store);
        var ring = services.GetRequiredService<AuditKeyRing>();
        await ring.RememberCurrentAsync(ct);
        var checkpoint = Checkpoints.Sign(await services.GetRequiredService<HashChain>().HeadsAsync(ct),
            services.GetRequiredService<TimeProvider>().GetUtcNow(), services.GetRequiredService<AuditSigningKey>());
        var keys = await ring.AllAsync(ct);

        var work = Directory.CreateTempSubdirectory("accountability-backup-");
        try
        {
            var arguments = new List<string> { "--format=custom", "--file=" + Path.Combine(work.FullName, Dump) };
            arguments.AddRange(schemas.Select(s => "--schema=" + s));
            arguments.AddRange(schemas.SelectMany(s => ClusterTables.Select(t => $"--exclude-table-data={s}.{t}")));
            if (await RunAsync("pg_dump", arguments, connection, ct) is { } failed) return Fail(stderr, failed);

            await File.WriteAllTextAsync(Path.Combine(work.FullName, Checkpoint), JsonSerializer.Serialize(checkpoint, Json), ct);
            Directory.CreateDirectory(Path.Combine(work.FullName, Keys));
            foreach (var key in keys) await File.WriteAllTextAsync(Path.Combine(work.FullName, Keys, key.Id + ".pem"), key.PublicKey, ct);
            // The newest of the checkpoints the service writes on its own, when it does (Audit:CheckpointFolder).
            if (services.GetRequiredService<IConfiguration>()["Audit:CheckpointFolder"] is { Length: > 0 } folder && Directory.Exists(folder)
                && new DirectoryInfo(folder).GetFiles("*.json").MaxBy(f => f.LastWriteTimeUtc) is { } latest)
            {
                Directory.CreateDirectory(Path.Combine(work.FullName, "checkpoints"));
                latest.CopyTo(Path.Combine(work.FullName, "checkpoints", latest.Name));
            }
            var manifest = new BackupManifest(Format, checkpoint.IssuedAt, connection.Host ?? "", connection.Database ?? "", schemas,
                checkpoint.Streams, checkpoint.Events, checkpoint.KeyId, Hashes(work.FullName));
            await File.WriteAllTextAsync(Path.Combine(work.FullName, Manifest), JsonSerializer.Serialize(manifest, Json), ct);

            var target = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await TarFile.CreateFromDirectoryAsync(work.FullName, target + ".part", includeBaseDirectory: false, ct);
            File.Move(target + ".part", target, overwrite: true);
            stdout.WriteLine($"backup: {target}: {checkpoint.Streams} streams, {checkpoint.Events} events (schema {string.Join(", ", schemas)}); " +
                $"checkpoint of {checkpoint.IssuedAt:yyyy-MM-ddTHH:mm:ssZ} signed with key {checkpoint.KeyId}; {keys.Count} public key(s)");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, string file, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!File.Exists(file)) return Fail(stderr, $"{file}: no such file");
        var store = services.GetRequiredService<IDocumentStore>();
        var connection = Connection(services);
        var work = Directory.CreateTempSubdirectory("accountability-restore-");
        try
        {
            try
            {
                await TarFile.ExtractToDirectoryAsync(file, work.FullName, overwriteFiles: false, ct);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
            {
                return Fail(stderr, $"{file}: not a backup ({e.Message})");
            }
            if (await ReadAsync<BackupManifest>(Path.Combine(work.FullName, Manifest), ct) is not { Format: Format } manifest)
                return Fail(stderr, $"{file}: not a backup of this service (no {Manifest} of format {Format})");
            var changed = manifest.Files.Where(f => !File.Exists(Path.Combine(work.FullName, f.Key)) || Sha256(Path.Combine(work.FullName, f.Key)) != f.Value).Select(f => f.Key).ToList();
            if (changed.Count > 0) return Fail(stderr, $"{file}: {string.Join(", ", changed)} missing or changed since the backup was written");
            var checkpoint = await ReadAsync<Checkpoint>(Path.Combine(work.FullName, Checkpoint), ct);
            var keyFile = Path.Combine(work.FullName, Keys, $"{checkpoint?.KeyId}.pem");
            if (checkpoint is null || !File.Exists(keyFile)) return Fail(stderr, $"{file}: the checkpoint or its public key is missing");
            using (var key = ECDsa.Create())
            {
                key.ImportFromPem(await File.ReadAllTextAsync(keyFile, ct));
                if (AuditKeyRing.IdOf(key) != checkpoint.KeyId || Checkpoints.Refusal(checkpoint, key) is { } refusal)
                    return Fail(stderr, $"{file}: the checkpoint does not verify with its key: the backup was changed");
            }

            if (await RelationsAsync(store, ct) is > 0 and var relations)
                return Fail(stderr, $"the database '{connection.Database}' on {connection.Host} is not empty ({relations} tables, views or sequences); " +
                    "restore goes into an empty database only: create one and point ConnectionStrings:Marten at it");
            if (await RunAsync("pg_restore", ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
                    "--dbname=" + connection.Database, Path.Combine(work.FullName, Dump)], connection, ct) is { } failed)
                return Fail(stderr, failed);
            await ReleaseMessagesAsync(store, manifest.Schemas, ct);

            // The same check an auditor runs: every link, every read model against its events, the store against the backup's checkpoint.
            var report = await services.GetRequiredService<AuditVerifier>().VerifyAsync(null, checkpoint, ct);
            var broken = report.Broken.ToList();
            stdout.WriteLine($"restore: {report.Streams} streams, {report.Checked} events into '{connection.Database}' from the backup of " +
                $"{manifest.CreatedAt:yyyy-MM-ddTHH:mm:ssZ} ({manifest.Host}/{manifest.Database})");
            foreach (var b in broken.Take(20)) stderr.WriteLine($"restore: stream {b.Stream} version {b.Version}: {b.Problem}");
            if (broken.Count > 0) return Fail(stderr, $"the restored data does not match the backup's checkpoint ({broken.Count} problems)", 1);
            stdout.WriteLine($"restore: hash chain holds; checkpoint of {checkpoint.IssuedAt:yyyy-MM-ddTHH:mm:ssZ} (key {checkpoint.KeyId}) holds");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The schemas the service's tables live in (Marten's; Wolverine's message tables share them).</summary>
    private static string[] Schemas(IDocumentStore store) =>
        new[] { store.Options.DatabaseSchemaName, store.Options.Events.DatabaseSchemaName }.Distinct().Order().ToArray();

    private static NpgsqlConnectionStringBuilder Connection(IServiceProvider services) =>
        new(services.GetRequiredService<IConfiguration>().GetConnectionString("Marten"));

    /// <summary>Tables, views and sequences outside PostgreSQL's own schemas: an empty database has none.</summary>
    private static async Task<long> RelationsAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_toast%'
               and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
            """, connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Stored messages (timers, deliveries) were owned by the old cluster's nodes: hand them to whichever node takes them.</summary>
    private static async Task ReleaseMessagesAsync(IDocumentStore store, IEnumerable<string> schemas, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        foreach (var schema in schemas)
        {
            await using var command = new NpgsqlCommand($"""
                do $$ begin
                  if to_regclass('{schema}.wolverine_incoming_envelopes') is not null then
                    update {schema}.wolverine_incoming_envelopes set owner_id = 0 where owner_id <> 0;
                    update {schema}.wolverine_outgoing_envelopes set owner_id = 0 where owner_id <> 0;
                  end if;
                end $$;
                """, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Runs pg_dump or pg_restore with the connection in libpq's environment (the password never on a command line); null when it worked.</summary>
    private static async Task<string?> RunAsync(string tool, IEnumerable<string> arguments, NpgsqlConnectionStringBuilder connection, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = connection.Database;
        if (connection.Username is { } user) start.Environment["PGUSER"] = user;
        if (connection.Password is { } password) start.Environment["PGPASSWORD"] = password;
        if (connection.SslMode != SslMode.Prefer) start.Environment["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            var mode => mode.ToString().ToLowerInvariant(),
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{tool} not found: install PostgreSQL's client programs (the server's major version or newer) and put them on PATH";
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return process.ExitCode == 0 ? null : $"{tool} failed (exit {process.ExitCode}): {string.Join(" ", lines.Take(3))}";
        }
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), Sha256);

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static async Task<T?> ReadAsync<T>(string path, CancellationToken ct) where T : class
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(await File.ReadAllTextAsync(path, ct), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Fail(TextWriter stderr, string message, int code = 1)
    {
        stderr.WriteLine("accountability: " + message);
        return code;
    }
}
