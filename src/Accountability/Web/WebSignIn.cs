using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Accountability.Web;

/// <summary>
/// The browser's session: a cookie. In production it is opened by OpenID Connect against the same identity provider
/// as the API (Auth:Authority; the roles and the agency from its claims). With the development key and in the
/// Development environment, /dang-nhap lets a person pick a role and an agency instead (never offered otherwise).
/// </summary>
public static class WebSignIn
{
    public const string Scheme = "web";
    public const string OpenIdScheme = "oidc";
    public const string SignInPath = "/dang-nhap";
    public const string DeniedPath = "/khong-co-quyen";

    public static void AddWebSignIn(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var authority = auth["Authority"];
        var roleClaim = auth["RoleClaim"] ?? "role";
        var authentication = builder.Services.AddAuthentication();
        authentication.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "accountability-web";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = DeniedPath;
            // Production: a page that needs a sign-in sends the browser to the identity provider.
            if (!string.IsNullOrEmpty(authority)) o.ForwardChallenge = OpenIdScheme;
        });
        if (string.IsNullOrEmpty(authority)) return;
        authentication.AddOpenIdConnect(OpenIdScheme, o =>
        {
            o.SignInScheme = Scheme;
            o.Authority = authority;
            o.RequireHttpsMetadata = !authority.StartsWith("http://localhost", StringComparison.OrdinalIgnoreCase);
            o.ClientId = auth["WebClientId"] ?? auth["Audience"] ?? Authentication.DefaultAudience;
            o.ClientSecret = auth["WebClientSecret"];
            o.ResponseType = "code";
            o.UsePkce = true;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.SaveTokens = false;
            o.TokenValidationParameters.NameClaimType = "name";
            o.TokenValidationParameters.RoleClaimType = roleClaim;
            // The identity provider's role and agency claims, kept under the names the service reads (Security/Caller.cs).
            o.ClaimActions.MapJsonKey("role", roleClaim);
            o.ClaimActions.MapUniqueJsonKey(Caller.AgencyClaim, Caller.AgencyClaim);
        });
    }

    /// <summary>The development sign-in is offered only with the development key, no identity provider, in Development.</summary>
    public static bool DevelopmentSignIn(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment() && string.IsNullOrEmpty(configuration["Auth:Authority"])
        && Authentication.DevelopmentKey(configuration.GetSection("Auth")) is not null;

    /// <summary>The session a development sign-in opens: the same claims a development token carries.</summary>
    public static ClaimsPrincipal DevelopmentUser(string role, string? agencyId, string? agencyName)
    {
        var claims = new List<Claim>
        {
            new("sub", agencyId is null ? $"web:{role}" : $"web:{agencyId}"),
            new("name", agencyName ?? RoleNames.Of(role)),
            new("role", role),
        };
        if (agencyId is not null) claims.Add(new Claim(Caller.AgencyClaim, agencyId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "name", "role"));
    }

    public static void MapWebSignOut(this WebApplication app)
    {
        // Production: the sign-in page's button hands the browser to the identity provider.
        app.MapGet("/dang-nhap/dinh-danh", (string? returnUrl, IConfiguration configuration) =>
                string.IsNullOrEmpty(configuration["Auth:Authority"])
                    ? Results.Redirect(SignInPath)
                    : Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl is ['/', not '/', ..] ? returnUrl : "/" }, [OpenIdScheme]))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/dang-xuat", async (HttpContext context) =>
        {
            await context.SignOutAsync(Scheme);
            return Results.Redirect(SignInPath);
        }).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }
}

/// <summary>The roles as the office names them.</summary>
public static class RoleNames
{
    public static readonly IReadOnlyList<(string Role, string Name)> All =
    [
        (Roles.Coordinator, "Văn phòng điều phối"),
        (Roles.Agency, "Cơ quan thực hiện"),
        (Roles.Auditor, "Thanh tra"),
    ];

    public static string Of(string role) => All.FirstOrDefault(r => r.Role == role).Name ?? role;
}
