using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Audit;

/// <summary>
/// One verification: every event's link, every read model against its events, and the store against a checkpoint
/// (one an auditor kept, else the latest the service wrote out of the database).
/// </summary>
public sealed class AuditVerifier(HashChain chain, ReadModelCheck models, CheckpointFolder folder, AuditKeyRing keys)
{
    public async Task<AuditReport> VerifyAsync(Guid? stream, Checkpoint? kept, CancellationToken ct)
    {
        var run = models.Start();
        var chainReport = await chain.VerifyAsync(stream, run.AddAsync, ct);
        var broken = chainReport.Broken.ToList();
        broken.AddRange((await run.FinishAsync(ct)).Where(b => stream is null || b.Stream == stream));

        CheckpointCheck? compared = null;
        string? file = null;
        var checkpoint = kept;
        if (kept is null && await folder.LatestAsync(ct) is { } latest) (file, checkpoint) = latest;
        if (file is not null && checkpoint is null)
            broken.Add(new BrokenLink(Guid.Empty, 0, $"the latest written checkpoint {file} cannot be read"));
        else if (checkpoint is not null && await keys.RefusalAsync(checkpoint, ct) is { } refusal)
            broken.Add(new BrokenLink(Guid.Empty, 0, $"the latest written checkpoint {file} cannot be trusted: {refusal}"));
        else if (checkpoint is not null)
        {
            var then = checkpoint.Heads.Where(h => stream is null || h.Stream == stream).ToList();
            var now = (await chain.HeadsAsync(ct)).ToDictionary(h => h.Stream);
            broken.AddRange(Checkpoints.Compare(then, now, await chain.HashesAtAsync(then, ct)));
            compared = new CheckpointCheck(checkpoint.IssuedAt, checkpoint.Streams, checkpoint.Events, file);
        }
        return new AuditReport(broken.Count == 0, chainReport.Checked, chainReport.Streams, run.Compared, broken, compared);
    }
}

/// <summary>GET /api/audit/verify, GET /api/audit/checkpoint, POST /api/audit/verify (against a kept checkpoint), GET /api/audit/key.</summary>
public static class AuditEndpoints
{
    /// <summary>
    /// Recomputes every event's hash (or one stream's with ?stream=ID), folds every assignment and plan again and
    /// compares it with the stored read models, and compares the store with the latest checkpoint written out of the
    /// database: {ok, checked, streams, readModels, broken: [{stream, version, problem}], checkpoint}.
    /// </summary>
    [WolverineGet("/api/audit/verify"), Authorize(Policy = Policies.ReadAll)]
    public static Task<AuditReport> Verify(Guid? stream, AuditVerifier verifier, CancellationToken ct) => verifier.VerifyAsync(stream, null, ct);

    /// <summary>Every stream's head hash and the total, signed: keep it outside the database.</summary>
    [WolverineGet("/api/audit/checkpoint"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<Checkpoint> Checkpoint(HashChain chain, AuditSigningKey key, TimeProvider clock, CancellationToken ct) =>
        Checkpoints.Sign(await chain.HeadsAsync(ct), clock.GetUtcNow(), key);

    /// <summary>The public key that checks the checkpoints' signatures.</summary>
    [WolverineGet("/api/audit/key")]
    public static object Key(AuditSigningKey key) => new { key.KeyId, Checkpoints.Algorithm, PublicKey = key.PublicKeyPem };

    /// <summary>
    /// Verifies as GET does, but against a checkpoint kept earlier (the body is the checkpoint as it was issued):
    /// streams deleted, cut short or rewritten since then are reported as broken.
    /// </summary>
    [WolverinePost("/api/audit/verify"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<IResult> VerifyAgainst(Checkpoint? checkpoint, AuditVerifier verifier, AuditKeyRing keys, CancellationToken ct)
    {
        checkpoint = Infrastructure.Input.Required(checkpoint);
        // Signed with the current key or one rotated out since (docs/operations.md, key custody).
        if (await keys.RefusalAsync(checkpoint, ct) is { } refusal)
            return Results.Problem(new ProblemDetails { Status = 422, Title = "Checkpoint not trusted", Detail = refusal });
        return Results.Ok(await verifier.VerifyAsync(null, checkpoint, ct));
    }
}
