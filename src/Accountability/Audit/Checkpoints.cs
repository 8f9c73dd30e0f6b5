using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

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

public sealed record CheckpointCheck(DateTimeOffset IssuedAt, long Streams, long Events);

public sealed record CheckpointReport(bool Ok, long Checked, long Streams, IReadOnlyList<BrokenLink> Broken, CheckpointCheck? Checkpoint);

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

/// <summary>GET /api/audit/verify, GET /api/audit/checkpoint, POST /api/audit/verify (against a kept checkpoint), GET /api/audit/key.</summary>
public static class AuditEndpoints
{
    /// <summary>Recomputes every event's hash chain (or one stream's with ?stream=ID): {ok, checked, broken: [{stream, version, problem}]}.</summary>
    [WolverineGet("/api/audit/verify"), Authorize(Policy = Policies.ReadAll)]
    public static Task<ChainReport> Verify(Guid? stream, HashChain chain, CancellationToken ct) => chain.VerifyAsync(stream, ct);

    /// <summary>Every stream's head hash and the total, signed: keep it outside the database.</summary>
    [WolverineGet("/api/audit/checkpoint"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<Checkpoint> Checkpoint(HashChain chain, AuditSigningKey key, TimeProvider clock, CancellationToken ct) =>
        Checkpoints.Sign(await chain.HeadsAsync(ct), clock.GetUtcNow(), key);

    /// <summary>The public key that checks the checkpoints' signatures.</summary>
    [WolverineGet("/api/audit/key")]
    public static object Key(AuditSigningKey key) => new { key.KeyId, Checkpoints.Algorithm, PublicKey = key.PublicKeyPem };

    /// <summary>
    /// Verifies the chain and compares the store with a checkpoint kept earlier (the body is the checkpoint as it was
    /// issued): streams deleted, cut short or rewritten since then are reported as broken.
    /// </summary>
    [WolverinePost("/api/audit/verify"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<IResult> VerifyAgainst(Checkpoint checkpoint, HashChain chain, AuditKeyRing keys, CancellationToken ct)
    {
        // Signed with the current key or one rotated out since (docs/operations.md, key custody).
        if (await keys.RefusalAsync(checkpoint, ct) is { } refusal)
            return Results.Problem(new ProblemDetails { Status = 422, Title = "Checkpoint not trusted", Detail = refusal });
        var report = await chain.VerifyAsync(null, ct);
        var now = (await chain.HeadsAsync(ct)).ToDictionary(h => h.Stream);
        var hashes = await chain.HashesAtAsync(checkpoint.Heads, ct);
        var broken = report.Broken.Concat(Checkpoints.Compare(checkpoint.Heads, now, hashes)).ToList();
        return Results.Ok(new CheckpointReport(broken.Count == 0, report.Checked, report.Streams, broken,
            new CheckpointCheck(checkpoint.IssuedAt, checkpoint.Streams, checkpoint.Events)));
    }
}
