using System.Security.Cryptography;
using System.Text;
using Accountability.Security;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Accountability.Infrastructure;

/// <summary>
/// A request sent with an Idempotency-Key, and the answer it got. The id is the caller (<see cref="IdempotencyMiddleware.CallerKey"/>)
/// and the key, so two callers never share keys. Answered is null while the first request is still running.
/// </summary>
public sealed record IdempotentRequest(
    string Id, string Caller, string Key, string Method, string Path, string RequestHash, DateTimeOffset StartedAt,
    DateTimeOffset? Answered = null, int Status = 0, string? ContentType = null, string? Location = null, byte[]? Body = null);

/// <summary>
/// Commands (POST, PUT, DELETE) with an Idempotency-Key header run once: a repeat gets the first answer again
/// (with Idempotent-Replayed: true) and appends nothing. The key is reserved before the command runs, so two
/// copies sent at once run once (the second is told to retry). An answer of 5xx is not kept: the caller may retry.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    /// <summary>A reservation this old whose request never answered (the process died) may be taken over.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(5);

    public async Task InvokeAsync(HttpContext context, IDocumentStore store, TimeProvider clock)
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0 || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        if (key.Length > 200)
        {
            await Problem(context, 400, "Idempotency-Key too long", "Use a key of at most 200 characters (a UUID is usual).");
            return;
        }

        var caller = CallerKey(context.User);
        context.Request.EnableBuffering();
        var requestHash = await HashAsync(context.Request);
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caller + "\n" + key)));
        var now = clock.GetUtcNow();
        var reservation = new IdempotentRequest(id, caller, key, context.Request.Method, context.Request.Path, requestHash, now);

        await using (var session = store.LightweightSession())
        {
            var earlier = await session.LoadAsync<IdempotentRequest>(id, context.RequestAborted);
            if (earlier is not null)
            {
                if (earlier.RequestHash != requestHash)
                {
                    await Problem(context, 422, "Idempotency-Key already used",
                        $"This key was used on {earlier.StartedAt:O} for {earlier.Method} {earlier.Path} with a different body; use a new key for a new request.");
                    return;
                }
                if (earlier.Answered is not null)
                {
                    await ReplayAsync(context, earlier);
                    return;
                }
                if (now - earlier.StartedAt < Abandoned)
                {
                    context.Response.Headers.RetryAfter = "1";
                    await Problem(context, 409, "Still working on it", "The first request with this Idempotency-Key has not finished; ask again in a moment.");
                    return;
                }
                // The first attempt died without answering: this one takes its place (the version check makes a race lose).
                session.UpdateExpectedVersion(reservation, await VersionOf(session, earlier));
            }
            else
            {
                session.Insert(reservation);
            }
            try
            {
                await session.SaveChangesAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is JasperFx.DocumentAlreadyExistsException or JasperFx.ConcurrencyException)
            {
                context.Response.Headers.RetryAfter = "1";
                await Problem(context, 409, "Still working on it", "A request with this Idempotency-Key is running now; ask again in a moment.");
                return;
            }
        }

        context.Request.Body.Position = 0;
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        var kept = false;
        try
        {
            await next(context);
            captured.Position = 0;
            await captured.CopyToAsync(original, context.RequestAborted);
            if (context.Response.StatusCode < 500)
            {
                await using var session = store.LightweightSession();
                // Loaded first: the reservation's version is then the one this answer replaces.
                await session.LoadAsync<IdempotentRequest>(id, CancellationToken.None);
                session.Store(reservation with
                {
                    Answered = clock.GetUtcNow(),
                    Status = context.Response.StatusCode,
                    ContentType = context.Response.ContentType,
                    Location = context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                    Body = captured.ToArray(),
                });
                await session.SaveChangesAsync(CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!kept)
            {
                await using var session = store.LightweightSession();
                session.Delete<IdempotentRequest>(id);
                await session.SaveChangesAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Whose key it is: the token's issuer and subject; a token without a subject is known by its roles and agency.
    /// Never a shared fallback: two callers without subjects never see each other's answers.
    /// </summary>
    public static string CallerKey(System.Security.Claims.ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        return user.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? $"sub|{user.FindFirst("iss")?.Value}|{subject}"
            : $"role|{string.Join(",", caller.Roles.Order(StringComparer.Ordinal))}|agency|{caller.AgencyId}";
    }

    private static async Task<Guid> VersionOf(IDocumentSession session, IdempotentRequest earlier) =>
        (await session.MetadataForAsync(earlier))?.CurrentVersion ?? Guid.Empty;

    private static async Task<string> HashAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0) sha.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task ReplayAsync(HttpContext context, IdempotentRequest earlier)
    {
        context.Response.StatusCode = earlier.Status;
        if (earlier.ContentType is not null) context.Response.ContentType = earlier.ContentType;
        if (earlier.Location is not null) context.Response.Headers.Location = earlier.Location;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (earlier.Body is { Length: > 0 } body) await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail }).ExecuteAsync(context);
}

/// <summary>
/// Refuses a request body over the limit (10 MB by default, Limits:MaxRequestBodyMegabytes) before anything reads
/// it. Kestrel enforces the same limit on bodies without a length.
/// </summary>
public sealed class RequestSizeLimit(RequestDelegate next, IConfiguration configuration)
{
    public static long BytesFrom(IConfiguration configuration) => (long)(configuration.GetValue<double?>("Limits:MaxRequestBodyMegabytes") ?? 10) * 1024 * 1024;

    private readonly long _limit = BytesFrom(configuration);

    public async Task InvokeAsync(HttpContext context)
    {
        // An endpoint may set its own limit ([RequestSizeLimit]: a report's evidence files, up to 201 MB), for Kestrel too.
        var limit = _limit;
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } own })
        {
            limit = own;
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel) kestrel.MaxRequestBodySize = own;
        }
        if (context.Request.ContentLength is { } length && length > limit)
        {
            await Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Too large",
                Detail = $"The request body is {length / 1024.0 / 1024.0:0.#} MB; the limit is {limit / 1024 / 1024} MB. Split the document or send the plan's text only.",
            }).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
