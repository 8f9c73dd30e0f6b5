using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Accountability.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Accountability.Tests;

/// <summary>What a province's IT team deploys, read as files: settings, the container image, the systemd unit.</summary>
public class OperationsTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Accountability.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Accountability.sln) is not above " + AppContext.BaseDirectory);
    }

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Accountability";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private static readonly Dictionary<string, string?> Development = new()
    {
        ["ConnectionStrings:Marten"] = "Host=127.0.0.1;Port=5432;Database=accountability",
        ["Auth:DevelopmentKey"] = Convert.ToBase64String(new byte[32]),
    };

    [Fact]
    public void Settings_that_work_raise_no_problem_and_each_problem_names_its_setting()
    {
        Assert.Empty(Settings.Problems(Config(Development), new Env("Development")));

        var problems = Settings.Problems(Config(new(Development) { ["ConnectionStrings:Marten"] = null, ["Notifications:PublicUrl"] = "accountability.gov.vn" }), new Env("Development")).ToList();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("ConnectionStrings:Marten: missing", problems[0]);
        Assert.StartsWith("Notifications:PublicUrl: 'accountability.gov.vn' is not an absolute http(s) URL", problems[1]);

        var bad = Settings.Problems(Config(new(Development)
        {
            ["RateLimits:Imports:PermitLimit"] = "0", ["RateLimits:Commands:Window"] = "soon", ["Wolverine:Durability"] = "Hot",
            ["Wolverine:StaleNodeTimeout"] = "abc", ["Notifications:WebhookTimeout"] = "ten seconds",
        }), new Env("Development")).ToList();
        Assert.Equal(["Notifications", "Wolverine:Durability", "Wolverine:StaleNodeTimeout", "RateLimits:Imports:PermitLimit", "RateLimits:Commands:Window"],
            bad.Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]));
        Assert.Contains("Notifications:WebhookTimeout", bad[0]); // the binder's message names the key
    }

    [Fact]
    public void Production_needs_an_identity_provider_a_public_address_and_a_kept_signing_key()
    {
        var problems = Settings.Problems(Config(Development), new Env("Production")).Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]).ToList();
        Assert.Equal(["Auth:Authority", "Auth:DevelopmentKey", "Notifications:PublicUrl", "Audit:SigningKeyFile", "Audit:CheckpointFolder"], problems);

        var key = Path.GetTempFileName();
        try
        {
            Assert.Empty(Settings.Problems(Config(new()
            {
                ["ConnectionStrings:Marten"] = "Host=pg1,pg2;Database=accountability;Target Session Attributes=primary",
                ["Auth:Authority"] = "https://sso.example.gov.vn/realms/province",
                ["Notifications:PublicUrl"] = "https://accountability.example.gov.vn",
                ["Audit:SigningKeyFile"] = key,
                ["Audit:CheckpointFolder"] = Path.GetTempPath(),
            }), new Env("Production")));
        }
        finally
        {
            File.Delete(key);
        }
    }

    [Fact]
    public void Every_setting_in_the_settings_files_is_documented_in_operations_md()
    {
        var docs = Read("docs", "operations.md");
        var keys = new[] { "appsettings.json", "appsettings.Development.json", "appsettings.Production.json" }
            .SelectMany(f => Leaves(JsonDocument.Parse(Read("src", "Accountability", f)).RootElement, ""))
            // Logging levels are per category: the section is documented, not each category.
            .Where(k => !k.StartsWith("Logging:LogLevel:", StringComparison.Ordinal) || k == "Logging:LogLevel:Default")
            .Distinct().ToList();
        Assert.True(keys.Count > 25, $"only {keys.Count} settings found");
        var undocumented = keys.Where(k => !docs.Contains($"`{k}`", StringComparison.Ordinal)).ToList();
        Assert.True(undocumented.Count == 0, "not in docs/operations.md: " + string.Join(", ", undocumented));
    }

    private static IEnumerable<string> Leaves(JsonElement e, string prefix) => e.ValueKind == JsonValueKind.Object
        ? e.EnumerateObject().SelectMany(p => Leaves(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}"))
        : [prefix];

    [Fact]
    public void The_default_limits_are_30_imports_and_600_commands_a_minute_per_caller()
    {
        var file = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root, "src", "Accountability", "appsettings.json")).Build();
        var limits = RateLimitSettings.From(file);
        Assert.True(limits.Enabled);
        Assert.Equal(new RateLimit(30, TimeSpan.FromMinutes(1)), limits.Imports);
        Assert.Equal(new RateLimit(600, TimeSpan.FromMinutes(1)), limits.Commands);
        // The code's defaults, for a deployment whose settings files leave the section out, say the same.
        Assert.Equal(limits, RateLimitSettings.From(Config(new())));
    }

    [Theory]
    [InlineData("POST", "/api/plans", RateLimits.Imports)]
    [InlineData("POST", "/api/assignments/{id}/complete", RateLimits.Commands)]
    [InlineData("PUT", "/api/agencies/{agencyId}/webhook", RateLimits.Commands)]
    [InlineData("DELETE", "/api/agencies/{agencyId}/webhook", RateLimits.Commands)]
    [InlineData("GET", "/api/plans/{id}", null)]
    [InlineData("GET", "/health", null)]
    public void Imports_and_commands_are_limited_and_reads_are_not(string method, string route, string? policy) =>
        Assert.Equal(policy, RateLimits.PolicyFor([method], route));

    [Fact]
    public void A_caller_is_its_token_subject_else_its_role_and_agency_else_its_address()
    {
        static HttpContext Context(params Claim[] claims)
        {
            var context = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity(claims, claims.Length == 0 ? null : "Bearer", "sub", "role")) };
            context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.162.4.190");
            return context;
        }
        Assert.Equal("sub:nguyen.van.a", RateLimits.CallerKey(Context(new Claim("sub", "nguyen.van.a"), new Claim("role", "agency"))));
        Assert.Equal("role:agency:so-y-te", RateLimits.CallerKey(Context(new Claim("role", "agency"), new Claim("agency", "so-y-te"))));
        Assert.Equal("ip:203.162.4.190", RateLimits.CallerKey(Context()));
    }

    [Fact]
    public void Only_wolverines_invocation_failure_line_is_recognised_for_filtering()
    {
        IReadOnlyList<KeyValuePair<string, object?>> Line(string format) => [new("Message", "x"), new("{OriginalFormat}", format)];
        Assert.True(ExpectedFailuresFiltered.IsInvocationFailure(Line("Invocation of {Message} failed!")));
        Assert.True(ExpectedFailuresFiltered.IsInvocationFailure(Line("Inline invocation of {Message} failed")));
        Assert.False(ExpectedFailuresFiltered.IsInvocationFailure(Line("An unhandled exception has occurred while executing the request.")));
        Assert.False(ExpectedFailuresFiltered.IsInvocationFailure("Invocation of x failed!"));
    }

    [Fact]
    public void The_container_image_is_built_with_the_sdk_and_runs_on_the_aspnet_runtime_as_a_non_root_user_with_a_health_check()
    {
        var instructions = Read("Dockerfile").Replace("\\\n", " ").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (Op: l.Split(' ', 2)[0].ToUpperInvariant(), Args: l.Split(' ', 2).ElementAtOrDefault(1)?.Trim() ?? "")).ToList();
        var froms = instructions.Where(i => i.Op == "FROM").Select(i => i.Args).ToList();
        Assert.Equal(2, froms.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", froms[0]);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0( AS \w+)?$", froms[1]);
        // What the final stage does: everything after the last FROM.
        var final = instructions.Skip(instructions.FindLastIndex(i => i.Op == "FROM") + 1).ToList();
        Assert.Contains(final, i => i.Op == "COPY" && i.Args.StartsWith("--from=build /app", StringComparison.Ordinal));
        var user = Assert.Single(final, i => i.Op == "USER").Args;
        Assert.DoesNotMatch(@"^(root|0)(:|$)", user);
        Assert.True(final.FindIndex(i => i.Op == "USER") < final.FindIndex(i => i.Op == "ENTRYPOINT"), "USER must come before the program starts");
        var port = Assert.Single(final, i => i.Op == "EXPOSE").Args;
        Assert.Equal("8080", port);
        Assert.Contains(final, i => i.Op == "ENV" && i.Args.Contains($"ASPNETCORE_HTTP_PORTS={port}") && i.Args.Contains("ASPNETCORE_ENVIRONMENT=Production"));
        var check = Assert.Single(final, i => i.Op == "HEALTHCHECK").Args;
        Assert.Matches(@"--interval=\d+s", check);
        Assert.Contains($"\"probe\", \"http://127.0.0.1:{port}/health/live\"", check);
        Assert.Contains("\"/app/Accountability.dll\"", Assert.Single(final, i => i.Op == "ENTRYPOINT").Args);
        // Local data and keys never reach the build context.
        var ignored = Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(".local", ignored);
        Assert.Contains(".pgdata", ignored);
    }

    [Fact]
    public void The_systemd_unit_runs_the_service_unprivileged_restarts_it_on_failure_and_passes_systemd_analyze_where_present()
    {
        var unit = Read("deploy", "accountability.service");
        var sections = new Dictionary<string, List<(string Key, string Value)>>();
        var current = "";
        foreach (var line in unit.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (line.StartsWith('[')) sections[current = line.Trim('[', ']')] = [];
            else sections[current].Add((line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]));
        }
        string One(string section, string key) => Assert.Single(sections[section], e => e.Key == key).Value;
        Assert.Equal(["Unit", "Service", "Install"], sections.Keys);
        Assert.Matches(@"^/usr/bin/dotnet /opt/accountability/Accountability\.dll run$", One("Service", "ExecStart"));
        Assert.NotEqual("root", One("Service", "User"));
        Assert.Equal("on-failure", One("Service", "Restart"));
        // A start refused for its settings (Settings.InvalidExitCode) is not retried in a loop.
        Assert.Equal(Settings.InvalidExitCode.ToString(), One("Service", "RestartPreventExitStatus"));
        Assert.Contains(sections["Service"], e => e is { Key: "Environment", Value: "ASPNETCORE_ENVIRONMENT=Production" });
        Assert.Equal("/etc/accountability/accountability.env", One("Service", "EnvironmentFile"));
        Assert.Equal("yes", One("Service", "NoNewPrivileges"));
        Assert.Equal("multi-user.target", One("Install", "WantedBy"));

        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        if (analyze is null) return; // the parse above is the check where systemd is not installed
        var copy = Path.Combine(Path.GetTempPath(), $"accountability-{Guid.NewGuid():N}.service");
        try
        {
            // systemd-analyze insists the program exists: point it at this machine's dotnet when that is elsewhere.
            var dotnet = File.Exists("/usr/bin/dotnet") ? "/usr/bin/dotnet" : Process.GetCurrentProcess().MainModule!.FileName;
            File.WriteAllText(copy, unit.Replace("ExecStart=/usr/bin/dotnet", "ExecStart=" + dotnet));
            var start = new ProcessStartInfo(analyze, ["verify", copy]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var said = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, said);
            // Unknown keys and values are only warnings for systemd: none is allowed here.
            Assert.DoesNotContain(Path.GetFileName(copy), said);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void The_service_prepares_frequent_statements_unless_the_connection_string_says_otherwise()
    {
        var given = new Npgsql.NpgsqlConnectionStringBuilder(ServiceHost.Prepared("Host=db;Username=app;Database=accountability"));
        Assert.Equal(200, given.MaxAutoPrepare);
        Assert.Equal(2, given.AutoPrepareMinUsages);
        Assert.Equal("db", given.Host);
        // An operator's own choice stands, switching it off included.
        Assert.Equal(0, new Npgsql.NpgsqlConnectionStringBuilder(ServiceHost.Prepared("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(20, new Npgsql.NpgsqlConnectionStringBuilder(ServiceHost.Prepared("Host=db;Max Auto Prepare=20")).MaxAutoPrepare);
        Assert.Equal(0, new Npgsql.NpgsqlConnectionStringBuilder(ServiceHost.Prepared("Host=db;MaxAutoPrepare=0")).MaxAutoPrepare);
        // A malformed string is left for the settings check to report.
        Assert.Equal("Host=db;Nonsense", ServiceHost.Prepared("Host=db;Nonsense"));
    }
}
