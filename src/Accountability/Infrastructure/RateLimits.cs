using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine.Http;

namespace Accountability.Infrastructure;

/// <summary>One limit: this many requests per caller in each window.</summary>
public sealed record RateLimit(int PermitLimit, TimeSpan Window);

/// <summary>
/// The "RateLimits" settings: imports, commands and sign-in, each a number of requests per caller per window
/// (a minute by default). Counted per node: behind a load balancer with N nodes a caller gets at most N times the limit.
/// </summary>
public sealed record RateLimitSettings(bool Enabled, RateLimit Imports, RateLimit Commands, RateLimit SignIn)
{
    public static readonly RateLimit DefaultImports = new(30, TimeSpan.FromMinutes(1));
    public static readonly RateLimit DefaultCommands = new(600, TimeSpan.FromMinutes(1));
    public static readonly RateLimit DefaultSignIn = new(10, TimeSpan.FromMinutes(1));

    /// <summary>Reads the section; call <see cref="Problems"/> first (start-up does), so every value here parses.</summary>
    public static RateLimitSettings From(IConfiguration c) => new(
        c.GetValue("RateLimits:Enabled", true),
        Read(c, RateLimits.Imports, DefaultImports), Read(c, RateLimits.Commands, DefaultCommands), Read(c, RateLimits.SignIn, DefaultSignIn));

    private static RateLimit Read(IConfiguration c, string policy, RateLimit fallback)
    {
        var section = c.GetSection($"RateLimits:{Key(policy)}");
        return new RateLimit(section.GetValue(nameof(RateLimit.PermitLimit), fallback.PermitLimit), section.GetValue(nameof(RateLimit.Window), fallback.Window));
    }

    /// <summary>The configuration key of a policy: "sign-in" is RateLimits:SignIn.</summary>
    private static string Key(string policy) => policy switch
    {
        RateLimits.Imports => "Imports",
        RateLimits.Commands => "Commands",
        _ => "SignIn",
    };

    public static IEnumerable<string> Problems(IConfiguration c)
    {
        if (c["RateLimits:Enabled"] is { Length: > 0 } enabled && !bool.TryParse(enabled, out _))
            yield return $"RateLimits:Enabled: '{enabled}' is neither true nor false.";
        foreach (var policy in new[] { RateLimits.Imports, RateLimits.Commands, RateLimits.SignIn })
        {
            if (Settings.WholeNumber(c, $"RateLimits:{Key(policy)}:PermitLimit", 1) is { } count) yield return count;
            if (Settings.Duration(c, $"RateLimits:{Key(policy)}:Window", TimeSpan.FromSeconds(1)) is { } window) yield return window;
        }
    }
}

/// <summary>
/// ASP.NET's rate limiter, per caller: the token's subject, else its role and agency, else the client's address.
/// Imports and commands are limited on their endpoints; "sign-in" is for the web app's sign-in page
/// (RequireRateLimiting(RateLimits.SignIn)). Over the limit: 429 problem details with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Imports = "imports";
    public const string Commands = "commands";
    public const string SignIn = "sign-in";

    public static IServiceCollection AddAccountabilityRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRateLimiter(o =>
        {
            var settings = RateLimitSettings.From(configuration);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.AddPolicy(Imports, context => Partition(context, Imports, settings.Enabled ? settings.Imports : null));
            o.AddPolicy(Commands, context => Partition(context, Commands, settings.Enabled ? settings.Commands : null));
            o.AddPolicy(SignIn, context => Partition(context, SignIn, settings.Enabled ? settings.SignIn : null));
        });
        return services;
    }

    /// <summary>Puts the import policy on POST /api/plans and the command policy on every other write under /api.</summary>
    public static void ApplyRateLimits(this WolverineHttpOptions options) => options.ConfigureEndpoints(chain =>
    {
        if (PolicyFor(chain.HttpMethods, chain.RoutePattern?.RawText) is { } policy) chain.RequireRateLimiting(policy);
    });

    /// <summary>Which policy an endpoint falls under, by method and route; null for reads and everything outside /api.</summary>
    public static string? PolicyFor(IEnumerable<string> methods, string? route)
    {
        if (route is null || !route.StartsWith("/api/", StringComparison.Ordinal)) return null;
        var writes = methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE").ToList();
        if (writes.Count == 0) return null;
        return route == "/api/plans" && writes.Contains("POST") ? Imports : Commands;
    }

    /// <summary>Who is counted: the token's subject, else its role and agency, else the client's address.</summary>
    public static string CallerKey(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            if (user.FindFirst("sub")?.Value is { Length: > 0 } subject) return "sub:" + subject;
            var caller = Security.Caller.From(user);
            if (caller.Roles.Count > 0) return $"role:{string.Join(',', caller.Roles.Order())}:{caller.AgencyId}";
        }
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, RateLimit? limit) =>
        limit is null
            ? RateLimitPartition.GetNoLimiter(policy)
            : RateLimitPartition.GetFixedWindowLimiter(policy + "|" + CallerKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = limit.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    private static string Window(TimeSpan window) => window == TimeSpan.FromMinutes(1) ? "minute" : $"{window.TotalSeconds:0.#} s";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? Commands;
        var settings = RateLimitSettings.From(context.RequestServices.GetRequiredService<IConfiguration>());
        var limit = policy switch { Imports => settings.Imports, SignIn => settings.SignIn, _ => settings.Commands };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"At most {limit.PermitLimit} {policy} per {Window(limit.Window)} per caller; try again in {seconds} s.",
            },
        });
    }
}
