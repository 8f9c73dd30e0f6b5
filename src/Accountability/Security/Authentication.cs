using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Accountability.Web;

namespace Accountability.Security;

/// <summary>
/// JWT bearer tokens. Production: an identity provider (Keycloak) named by Auth:Authority and Auth:Audience.
/// Local use: a development key (Auth:DevelopmentKeyFile, created by ops/accountability) that signs the tokens
/// `ops/accountability token` prints. Token lifetimes are checked on the service's clock.
/// </summary>
public static class Authentication
{
    public const string DevelopmentIssuer = "accountability-dev";
    public const string DefaultAudience = "accountability";
    private const string ApiOrWeb = "api-or-web";

    public static void AddAccountabilityAuth(this WebApplicationBuilder builder)
    {
        // Without Auth:Authority or a development key the service does not start (Infrastructure/Settings.cs says so).
        var auth = builder.Configuration.GetSection("Auth");
        var authority = auth["Authority"];

        // The API takes bearer tokens only (a cookie there would open it to cross-site requests); the web app's pages
        // take the browser's cookie session (Web/WebSignIn.cs).
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = ApiOrWeb;
                o.DefaultChallengeScheme = ApiOrWeb;
            })
            .AddPolicyScheme(ApiOrWeb, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api") ? JwtBearerDefaults.AuthenticationScheme : Web.WebSignIn.Scheme)
            .AddJwtBearer();
        builder.AddWebSignIn();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, clock) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = auth["Audience"] ?? DefaultAudience,
                RoleClaimType = auth["RoleClaim"] ?? "role",
                NameClaimType = "sub",
                ClockSkew = TimeSpan.FromSeconds(30),
                // Lifetimes on the service's clock, not the machine's (time is injected everywhere).
                LifetimeValidator = (notBefore, expires, _, p) =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    return (notBefore is null || now + p.ClockSkew >= notBefore) && expires is { } e && now - p.ClockSkew < e;
                },
            };
            if (!string.IsNullOrEmpty(authority))
            {
                o.Authority = authority;
                o.RequireHttpsMetadata = !authority.StartsWith("http://localhost", StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                o.TokenValidationParameters.ValidIssuer = DevelopmentIssuer;
                o.TokenValidationParameters.IssuerSigningKey = DevelopmentKey(auth);
            }
            o.Events = new JwtBearerEvents { OnChallenge = WriteChallengeAsync };
        });

        builder.Services.AddAuthorizationBuilder()
            // Everything needs a valid token unless it says otherwise (/health).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Coordinator, p => p.RequireRole(Roles.Coordinator))
            .AddPolicy(Policies.Agency, p => p.RequireRole(Roles.Agency).RequireClaim(Caller.AgencyClaim))
            .AddPolicy(Policies.ReadAll, p => p.RequireRole(Roles.Coordinator, Roles.Auditor));
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAsProblem>();
    }

    /// <summary>The development signing key: Auth:DevelopmentKey (base64) or the file Auth:DevelopmentKeyFile, created when missing.</summary>
    public static SymmetricSecurityKey? DevelopmentKey(IConfiguration auth)
    {
        if (auth["DevelopmentKey"] is { Length: > 0 } inline) return new SymmetricSecurityKey(Convert.FromBase64String(inline));
        if (auth["DevelopmentKeyFile"] is not { Length: > 0 } file) return null;
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    /// <summary>A development token: role, agency (for the agency role), province (for a provincial coordinator) and subject, signed with the development key.</summary>
    public static string IssueDevelopmentToken(SymmetricSecurityKey key, string role, string? agency, string? subject, TimeSpan lifetime, DateTimeOffset now, string audience = DefaultAudience, string? jurisdiction = null)
    {
        var claims = new Dictionary<string, object> { ["role"] = role, ["sub"] = subject ?? (agency is null ? role : $"{agency}") };
        if (agency is not null) claims[Caller.AgencyClaim] = agency;
        if (jurisdiction is not null) claims[Jurisdictions.Claim] = jurisdiction;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentIssuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>401 as problem details, saying what was wrong with the token and how to get one.</summary>
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            null => "Send a token: 'Authorization: Bearer <token>' (locally: ops/accountability token --role coordinator|agency|auditor [--agency ID]).",
            SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "The token has expired (or is not valid yet); get a new one.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature does not check out: it was not issued for this service, or it was changed.",
            SecurityTokenInvalidAudienceException => "The token was issued for another audience, not this service.",
            SecurityTokenInvalidIssuerException => "The token was issued by an issuer this service does not trust.",
            _ => "The token could not be read; get a new one.",
        };
        await Write(context.Response, StatusCodes.Status401Unauthorized, "Sign in first", detail);
    }

    internal static Task Write(HttpResponse response, int status, string title, string detail)
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        if (status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = "Bearer";
        return response.WriteAsync(JsonSerializer.Serialize(new ProblemDetails { Status = status, Title = title, Detail = detail },
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}

/// <summary>403 as problem details naming the roles the endpoint needs and those the token has.</summary>
public sealed class ForbiddenAsProblem : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        // The web app's pages answer with a page (the cookie scheme's access-denied path), not JSON.
        if (!result.Forbidden || !context.Request.Path.StartsWithSegments("/api")) return _default.HandleAsync(next, context, policy, result);
        var needed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var caller = Caller.From(context.User);
        var has = caller.Roles.Count == 0 ? "no role" : "role " + string.Join(", ", caller.Roles);
        var detail = needed.Count > 0
            ? $"This needs the {string.Join(" or ", needed)} role; your token has {has}."
            : "Your token does not allow this.";
        if (policy.Requirements.OfType<ClaimsAuthorizationRequirement>().Any(r => r.ClaimType == Caller.AgencyClaim) && caller.AgencyId is null)
            detail += " An agency token must name its agency (claim 'agency').";
        return Authentication.Write(context.Response, StatusCodes.Status403Forbidden, "Not allowed", detail);
    }
}
