using System.Globalization;
using Microsoft.Extensions.Options;

namespace Accountability.Infrastructure;

/// <summary>
/// The settings the service checks before it touches anything (docs/operations.md lists every one). A setting that
/// cannot work stops start-up with one line naming it, instead of a stack trace minutes later.
/// </summary>
public sealed class ServiceSettings;

/// <summary>Options validation on start: <see cref="Settings.Problems"/> for the configuration the host was built with.</summary>
public sealed class ServiceSettingsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<ServiceSettings>
{
    public ValidateOptionsResult Validate(string? name, ServiceSettings options) =>
        Settings.Problems(configuration, environment).ToList() is [_, ..] problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
}

public static class Settings
{
    /// <summary>Exit code of a start refused for its settings; the systemd unit does not restart on it.</summary>
    public const int InvalidExitCode = 2;

    public static IServiceCollection AddSettingsValidation(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ServiceSettings>, ServiceSettingsValidator>();
        services.AddOptions<ServiceSettings>().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Runs the start-up validation now (Program.cs, before any command touches the database) and writes one line per
    /// problem to <paramref name="stderr"/>. False when the service must not start.
    /// </summary>
    public static bool Check(IServiceProvider services, TextWriter stderr)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) stderr.WriteLine($"accountability: setting {failure}");
            return false;
        }
    }

    /// <summary>Each setting that cannot work, as "Key: why" (one line each, no stack trace).</summary>
    public static IEnumerable<string> Problems(IConfiguration c, IHostEnvironment environment)
    {
        var production = environment.IsProduction();
        var connection = c.GetConnectionString("Marten");
        if (string.IsNullOrWhiteSpace(connection))
            yield return "ConnectionStrings:Marten: missing; set it to the PostgreSQL connection string (environment variable ConnectionStrings__Marten).";
        else if (ConnectionProblem(connection) is { } bad)
            yield return $"ConnectionStrings:Marten: {bad}";

        var authority = c["Auth:Authority"];
        var developmentKey = !string.IsNullOrEmpty(c["Auth:DevelopmentKey"]) || !string.IsNullOrEmpty(c["Auth:DevelopmentKeyFile"]);
        if (!string.IsNullOrEmpty(authority) && !Uri.TryCreate(authority, UriKind.Absolute, out _))
            yield return $"Auth:Authority: '{authority}' is not an absolute URL (the identity provider's issuer, e.g. https://sso.example.gov.vn/realms/province).";
        else if (production && string.IsNullOrEmpty(authority))
            yield return "Auth:Authority: missing; in Production tokens come from the identity provider (development keys are for local use only).";
        else if (string.IsNullOrEmpty(authority) && !developmentKey)
            yield return "Auth:Authority: missing; set it (and Auth:Audience) to the identity provider, or Auth:DevelopmentKeyFile for local use (ops/accountability sets it).";
        if (production && developmentKey)
            yield return "Auth:DevelopmentKey: set in Production; development keys sign tokens anyone holding the key can mint. Remove it and use Auth:Authority.";
        if (c["Auth:DevelopmentKey"] is { Length: > 0 } inline && !IsBase64(inline))
            yield return "Auth:DevelopmentKey: not base64.";

        var publicUrl = c["Notifications:PublicUrl"];
        if (!string.IsNullOrEmpty(publicUrl) && !(Uri.TryCreate(publicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            yield return $"Notifications:PublicUrl: '{publicUrl}' is not an absolute http(s) URL (the address people and webhooks reach the service at, e.g. https://accountability.example.gov.vn).";
        else if (production && string.IsNullOrEmpty(publicUrl))
            yield return "Notifications:PublicUrl: missing; in Production notices link to the service at its public address (e.g. https://accountability.example.gov.vn).";
        foreach (var problem in NotificationProblems(c)) yield return problem;

        var keyFile = c["Audit:SigningKeyFile"];
        if (production && string.IsNullOrEmpty(keyFile))
            yield return "Audit:SigningKeyFile: missing; in Production checkpoints must be signed with a kept key (create one with 'audit-key create', docs/operations.md).";
        else if (production && !File.Exists(keyFile))
            yield return $"Audit:SigningKeyFile: {keyFile} does not exist; create it with 'audit-key create' and give every node the same file (docs/operations.md).";

        if (c["Audit:CheckpointInterval"] is { Length: > 0 } every && !(TimeSpan.TryParse(every, CultureInfo.InvariantCulture, out var interval) && interval >= TimeSpan.Zero))
            yield return $"Audit:CheckpointInterval: '{every}' is not a time span (hh:mm:ss; 00:00:00 writes none on its own).";
        if (c["Audit:CheckpointsKept"] is { Length: > 0 } kept && !(int.TryParse(kept, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0))
            yield return $"Audit:CheckpointsKept: '{kept}' is not a positive whole number.";
        if (production && string.IsNullOrEmpty(c["Audit:CheckpointFolder"]))
            yield return "Audit:CheckpointFolder: missing; in Production the service writes a signed checkpoint every hour to a folder the database's owner cannot write (docs/audit.md).";

        if (c["Wolverine:Durability"] is { Length: > 0 } mode && mode is not ("Solo" or "Balanced"))
            yield return $"Wolverine:Durability: '{mode}' is neither Balanced (several nodes, the default) nor Solo (one process).";
        foreach (var problem in Operations.WolverineProblems(c)) yield return problem;
        foreach (var problem in RateLimitSettings.Problems(c)) yield return problem;
        if (c["Limits:MaxRequestBodyMegabytes"] is { Length: > 0 } megabytes
            && !(double.TryParse(megabytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var mb) && mb > 0))
            yield return $"Limits:MaxRequestBodyMegabytes: '{megabytes}' is not a positive number.";
    }

    private static string? ConnectionProblem(string connection)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            return string.IsNullOrEmpty(builder.Host) ? "names no Host." : null;
        }
        catch (ArgumentException e)
        {
            return $"cannot be read ({e.Message}).";
        }
    }

    private static IEnumerable<string> NotificationProblems(IConfiguration c)
    {
        Deadlines.NotificationPolicy policy;
        Notifications.SmtpSettings smtp;
        try
        {
            policy = Deadlines.NotificationPolicy.From(c.GetSection("Notifications"));
            smtp = Notifications.SmtpSettings.Read(c);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value it could not convert.
            return [$"Notifications: {e.Message}"];
        }
        return policy.Problems().Concat(smtp.Problems());
    }

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    /// <summary>A whole number setting, when present: the problem with it, or null.</summary>
    internal static string? WholeNumber(IConfiguration c, string key, int min)
    {
        var text = c[key];
        if (string.IsNullOrEmpty(text)) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? null
            : $"{key}: '{text}' is not a whole number of at least {min}.";
    }

    /// <summary>A duration setting (hh:mm:ss), when present: the problem with it, or null.</summary>
    internal static string? Duration(IConfiguration c, string key, TimeSpan min)
    {
        var text = c[key];
        if (string.IsNullOrEmpty(text)) return null;
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var d) && d >= min
            ? null
            : $"{key}: '{text}' is not a duration (hh:mm:ss) of at least {min}.";
    }
}
