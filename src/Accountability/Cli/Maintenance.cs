using System.Security.Cryptography;
using Accountability.Audit;
using Marten;

namespace Accountability.Cli;

/// <summary>
/// The operator's commands that work on the configured database and key without serving requests (docs/operations.md):
///   backup FILE | restore FILE                 the service's schemas, public keys and a signed checkpoint
///   audit-key create | rotate | list           the key that signs audit checkpoints (Audit:SigningKeyFile)
/// </summary>
public static class Maintenance
{
    public static readonly string[] Commands = ["backup", "restore", "audit-key"];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var ct = cancel.Token;
        return args switch
        {
            ["backup", var file] => await Backup.BackupAsync(services, file, stdout, stderr, ct),
            ["restore", var file] => await Backup.RestoreAsync(services, file, stdout, stderr, ct),
            ["audit-key", "rotate"] => await RotateKeyAsync(services, stdout, stderr, ct),
            ["audit-key", "list"] => await ListKeysAsync(services, stdout, ct),
            ["backup" or "restore", ..] => Fail(stderr, $"{args[0]} needs one FILE: {args[0]} FILE", 2),
            _ => Fail(stderr, "audit-key rotate | list (and audit-key create for a first key)", 2),
        };
    }

    /// <summary>
    /// A first signing key, written with mode 0600; refuses to replace an existing one (that is rotate). It runs before
    /// the service is configured, since a production start-up requires the key to exist.
    /// </summary>
    public static async Task<int> CreateKeyAsync(IConfiguration configuration, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (configuration["Audit:SigningKeyFile"] is not { Length: > 0 } file) return Fail(stderr, "set Audit:SigningKeyFile to where the key is to be written", 2);
        if (File.Exists(file)) return Fail(stderr, $"{file} exists; 'audit-key rotate' replaces a key and keeps its public half", 1);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AuditKeyRing.WritePrivateKeyAsync(file, key, ct);
        stdout.WriteLine($"audit-key: created key {AuditKeyRing.IdOf(key)} in {file} (mode 0600); give every node the same file");
        return 0;
    }

    private static async Task<int> RotateKeyAsync(IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (KeyFile(services) is not { } file) return Fail(stderr, "set Audit:SigningKeyFile to the key to rotate", 2);
        if (!File.Exists(file)) return Fail(stderr, $"{file} does not exist; 'audit-key create' writes a first key", 1);
        var (retired, current) = await AuditKeyRing.RotateAsync(services.GetRequiredService<IDocumentStore>(), file, services.GetRequiredService<TimeProvider>(), ct);
        stdout.WriteLine($"audit-key: retired {retired} (its public key stays in the database and in every backup: its checkpoints still verify); " +
            $"now signing with {current} from {file}. Copy the file to every node and restart them one at a time.");
        return 0;
    }

    private static async Task<int> ListKeysAsync(IServiceProvider services, TextWriter stdout, CancellationToken ct)
    {
        var ring = services.GetRequiredService<AuditKeyRing>();
        foreach (var key in await ring.AllAsync(ct))
            stdout.WriteLine($"{key.Id}  {key.Algorithm}  since {key.FirstUsed:yyyy-MM-dd}  {(key.RetiredAt is { } r ? $"retired {r:yyyy-MM-dd}" : key.Id == ring.CurrentId ? "current" : "")}");
        return 0;
    }

    private static string? KeyFile(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>()["Audit:SigningKeyFile"] is { Length: > 0 } file ? file : null;

    private static int Fail(TextWriter stderr, string message, int code)
    {
        stderr.WriteLine("accountability: " + message);
        return code;
    }
}
