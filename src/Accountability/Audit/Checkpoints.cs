using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Accountability.Audit;

/// <summary>A stream's last event and that event's chain hash.</summary>
public sealed record StreamHead(Guid Stream, long Version, string Hash);

/// <summary>
/// Every stream's head hash and the total, signed (ECDSA P-256 with SHA-256, signature in IEEE P1363 form, base64).
/// The signed text is <see cref="Checkpoints.SignedText"/>: the format line, the time, the counts and the SHA-256 of
/// the heads written one per line as "stream version hash". An auditor keeps it outside the database; verifying
/// against it later catches streams deleted, cut short or rewritten since.
/// </summary>
public sealed record Checkpoint(string Format, DateTimeOffset IssuedAt, long Streams, long Events, string HeadsDigest,
    IReadOnlyList<StreamHead> Heads, string KeyId, string Algorithm, string Signature);

/// <summary>The checkpoint a verification compared the store with: one an auditor kept (POST), or the latest the service wrote (File).</summary>
public sealed record CheckpointCheck(DateTimeOffset IssuedAt, long Streams, long Events, string? File = null);

/// <summary>
/// What GET/POST /api/audit/verify found: events and streams checked, read models compared with their events, and
/// every problem (a broken link, a read model that differs, a stream gone or cut short since the checkpoint).
/// </summary>
public sealed record AuditReport(bool Ok, long Checked, long Streams, long ReadModels, IReadOnlyList<BrokenLink> Broken, CheckpointCheck? Checkpoint);

/// <summary>
/// The service's checkpoint signing key: a PEM file named by Audit:SigningKeyFile, created on first use (readable by
/// the service's user only). Without the setting the key lives only as long as the process, which suits tests,
/// not production: its checkpoints cannot be verified after a restart.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    public ECDsa Key { get; }
    public string KeyId { get; }

    public AuditSigningKey(IConfiguration configuration, ILogger<AuditSigningKey> log)
    {
        var file = configuration["Audit:SigningKeyFile"];
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (string.IsNullOrWhiteSpace(file))
            log.LogWarning("Audit:SigningKeyFile is not set: checkpoints are signed with a key that ends with this process.");
        else if (File.Exists(file))
            Key.ImportFromPem(File.ReadAllText(file));
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, Key.ExportECPrivateKeyPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            log.LogInformation("Created the checkpoint signing key {File}", file);
        }
        KeyId = AuditKeyRing.IdOf(Key);
    }

    public string PublicKeyPem => Key.ExportSubjectPublicKeyInfoPem();

    public void Dispose() => Key.Dispose();
}

public static class Checkpoints
{
    public const string Format = "accountability-checkpoint/v1";
    public const string Algorithm = "ES256";

    public static string HeadsDigest(IEnumerable<StreamHead> heads)
    {
        var text = new StringBuilder();
        foreach (var h in heads.OrderBy(h => h.Stream)) text.Append(CultureInfo.InvariantCulture, $"{h.Stream:D} {h.Version} {h.Hash}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string SignedText(DateTimeOffset issuedAt, long streams, long events, string headsDigest) =>
        string.Create(CultureInfo.InvariantCulture, $"{Format}\n{issuedAt.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.fffffffZ}\n{streams}\n{events}\n{headsDigest}\n");

    public static Checkpoint Sign(IReadOnlyList<StreamHead> heads, DateTimeOffset issuedAt, AuditSigningKey key)
    {
        var ordered = heads.OrderBy(h => h.Stream).ToList();
        var digest = HeadsDigest(ordered);
        var events = ordered.Sum(h => h.Version);
        var signature = key.Key.SignData(Encoding.UTF8.GetBytes(SignedText(issuedAt, ordered.Count, events, digest)), HashAlgorithmName.SHA256);
        return new Checkpoint(Format, issuedAt.ToUniversalTime(), ordered.Count, events, digest, ordered, key.KeyId, Algorithm, Convert.ToBase64String(signature));
    }

    /// <summary>
    /// Why the checkpoint cannot be trusted, or null when its signature (checked with the public key its id names,
    /// which <see cref="AuditKeyRing"/> finds) and contents hold.
    /// </summary>
    public static string? Refusal(Checkpoint c, ECDsa publicKey)
    {
        if (c.Format != Format) return $"Unknown checkpoint format '{c.Format}'; this service writes {Format}.";
        if (c.Heads is null || HeadsDigest(c.Heads) != c.HeadsDigest || c.Heads.Count != c.Streams || c.Heads.Sum(h => h.Version) != c.Events)
            return "The checkpoint's heads do not match its digest or counts: it was changed after it was signed.";
        byte[] signature;
        try { signature = Convert.FromBase64String(c.Signature ?? ""); }
        catch (FormatException) { return "The checkpoint's signature is not base64."; }
        return publicKey.VerifyData(Encoding.UTF8.GetBytes(SignedText(c.IssuedAt, c.Streams, c.Events, c.HeadsDigest)), signature, HashAlgorithmName.SHA256)
            ? null
            : "The checkpoint's signature does not verify: it was changed after it was signed.";
    }

    /// <summary>What a checkpoint's heads say that the store no longer does.</summary>
    public static IEnumerable<BrokenLink> Compare(IReadOnlyList<StreamHead> then, IReadOnlyDictionary<Guid, StreamHead> now, IReadOnlyDictionary<(Guid, long), string?> hashesNow)
    {
        foreach (var h in then)
        {
            if (!now.TryGetValue(h.Stream, out var current))
                yield return new BrokenLink(h.Stream, h.Version, "the stream is gone since the checkpoint");
            else if (current.Version < h.Version)
                yield return new BrokenLink(h.Stream, h.Version, $"events after version {current.Version} are gone since the checkpoint");
            else if (hashesNow.GetValueOrDefault((h.Stream, h.Version)) != h.Hash)
                yield return new BrokenLink(h.Stream, h.Version, "the stream was rewritten since the checkpoint");
        }
    }
}
