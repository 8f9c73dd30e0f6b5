using System.Security.Cryptography;
using Marten;
using Wolverine.Http;

namespace Accountability.Audit;

/// <summary>
/// A public key that signs or signed checkpoints, kept in the database for as long as the data (and so in every
/// backup): a checkpoint names its key id, and verifying it years later, after any number of rotations, needs
/// that key and nothing else. The id is derived from the key itself, so a stored key cannot pose as another.
/// </summary>
public sealed record AuditKey(string Id, string Algorithm, string PublicKey, DateTimeOffset FirstUsed, DateTimeOffset? RetiredAt);

/// <summary>Every key this service signs or signed checkpoints with: the current one and those rotated out.</summary>
public sealed class AuditKeyRing(IDocumentStore store, AuditSigningKey current, TimeProvider clock)
{
    /// <summary>A key's id: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string IdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    public string CurrentId => current.KeyId;

    /// <summary>Records the current key when it is new here (each node at start-up, and before a backup).</summary>
    public async Task RememberCurrentAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<AuditKey>(current.KeyId, ct) is not null) return;
        session.Store(new AuditKey(current.KeyId, Checkpoints.Algorithm, current.PublicKeyPem, clock.GetUtcNow(), null));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Every known key, the oldest first.</summary>
    public async Task<IReadOnlyList<AuditKey>> AllAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.Query<AuditKey>().ToListAsync(ct)).OrderBy(k => k.FirstUsed).ThenBy(k => k.Id).ToList();
    }

    /// <summary>Why the checkpoint cannot be trusted (its key unknown, its contents or signature changed), or null.</summary>
    public async Task<string?> RefusalAsync(Checkpoint checkpoint, CancellationToken ct)
    {
        if (checkpoint.KeyId == current.KeyId) return Checkpoints.Refusal(checkpoint, current.Key);
        await using var session = store.QuerySession();
        var known = checkpoint.KeyId is null ? null : await session.LoadAsync<AuditKey>(checkpoint.KeyId, ct);
        if (known is null)
            return $"The checkpoint was signed with key {checkpoint.KeyId}, which this service does not know; it signs with {current.KeyId} (GET /api/audit/keys lists every key it knows).";
        using var key = ECDsa.Create();
        key.ImportFromPem(known.PublicKey);
        return IdOf(key) == known.Id
            ? Checkpoints.Refusal(checkpoint, key)
            : $"The stored public key {known.Id} does not match its id: the key table was changed.";
    }

    /// <summary>Rotation: the current key is marked retired (its public half stays), a new private key replaces it in the file.</summary>
    public static async Task<(string Retired, string Current)> RotateAsync(IDocumentStore store, string file, TimeProvider clock, CancellationToken ct)
    {
        using var old = ECDsa.Create();
        old.ImportFromPem(await File.ReadAllTextAsync(file, ct));
        using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = clock.GetUtcNow();
        await using (var session = store.LightweightSession())
        {
            var retired = await session.LoadAsync<AuditKey>(IdOf(old), ct);
            session.Store((retired ?? new AuditKey(IdOf(old), Checkpoints.Algorithm, old.ExportSubjectPublicKeyInfoPem(), now, null)) with { RetiredAt = now });
            session.Store(new AuditKey(IdOf(next), Checkpoints.Algorithm, next.ExportSubjectPublicKeyInfoPem(), now, null));
            // The public keys are stored before the file changes: a failure here leaves the old key in use, not an unknown one.
            await session.SaveChangesAsync(ct);
        }
        await WritePrivateKeyAsync(file, next, ct);
        return (IdOf(old), IdOf(next));
    }

    /// <summary>Writes a private key readable by its owner only, replacing the file in one step.</summary>
    public static async Task WritePrivateKeyAsync(string file, ECDsa key, CancellationToken ct)
    {
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".new";
        await File.WriteAllTextAsync(temporary, "", ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(temporary, key.ExportECPrivateKeyPem(), ct);
        File.Move(temporary, full, overwrite: true);
    }
}

/// <summary>At start-up, after the schema: the key this node signs with joins the ring, so its checkpoints stay verifiable.</summary>
public sealed class AuditKeyRegistration(AuditKeyRing ring) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => ring.RememberCurrentAsync(ct);
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}

public static class AuditKeyEndpoints
{
    /// <summary>Every public key that signs or signed checkpoints, with its id: keep them with the checkpoints you keep.</summary>
    [WolverineGet("/api/audit/keys")]
    public static async Task<object> Get(AuditKeyRing ring, CancellationToken ct) =>
        new { Current = ring.CurrentId, Keys = await ring.AllAsync(ct) };
}
