using System.Text;
using Accountability.Plans;
using Accountability.Plans.Parsing;
using Spectre.Console;

namespace Accountability.Cli;

/// <summary>The command line behind ops/accountability.</summary>
public static class Cli
{
    private const string Usage = """
        usage: ops/accountability COMMAND
          serve [--port P] [--demo]   run the service (default port 5080) on the local PostgreSQL
          psql [args]                 psql on the service's database
          token --role coordinator|agency|auditor [--agency ID] [--jurisdiction PROVINCE] [--subject NAME] [--minutes N]
                                      a bearer token signed with the local development key (serve trusts it)
          parse FILE [--json]         read a plan (.txt, .md, .html, .docx, .doc, .pdf) and print its assignments
          projections --rebuild       rebuild every read model (scorecards, alerts, …) from the events
          backup FILE | restore FILE  the service's data, public keys and a signed checkpoint (restore: empty database only)
          audit-key create | rotate | list   the key that signs audit checkpoints (Audit:SigningKeyFile)
          probe URL                   exit 0 when URL answers 2xx (the container's health check)
          describe | db-apply | projections …   JasperFx commands of the service
        """;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        Console.OutputEncoding = Encoding.UTF8;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return Task.FromResult(args.Length == 0 ? 2 : 0);
        }
        return args[0] switch
        {
            "parse" => Task.FromResult(Parse(args[1..], stdout, stderr)),
            "token" => Task.FromResult(Token(args[1..], stdout, stderr, TimeProvider.System)),
            "probe" => ProbeAsync(args[1..], stdout, stderr),
            "audit-key" => Maintenance.CreateKeyAsync(Configuration(), stdout, stderr, CancellationToken.None),
            _ => Task.FromResult(Fail(stderr, $"unknown command '{args[0]}'; see ops/accountability help", 2)),
        };
    }

    private static int Parse(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var json = args.Contains("--json");
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var unknown = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--json").ToList();
        if (unknown.Count > 0) return Fail(stderr, $"unknown option '{unknown[0]}'; parse FILE [--json]", 2);
        if (files.Count != 1) return Fail(stderr, "parse needs one FILE: ops/accountability parse FILE [--json]", 2);
        var path = files[0];
        if (!File.Exists(path)) return Fail(stderr, $"{path}: no such file", 1);

        ParsedPlan plan;
        try
        {
            plan = PlanParser.Parse(File.ReadAllBytes(path), path);
        }
        catch (PlanReadException e)
        {
            return Fail(stderr, $"{path}: {e.Message}", 1);
        }
        catch (IOException e)
        {
            return Fail(stderr, $"{path}: cannot be read ({e.Message})", 1);
        }
        catch (UnauthorizedAccessException)
        {
            return Fail(stderr, $"{path}: permission denied", 1);
        }

        if (json)
        {
            stdout.WriteLine(PlanJson.Serialize(plan));
            return 0;
        }
        WriteTable(plan, stdout);
        return 0;
    }

    private static void WriteTable(ParsedPlan plan, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        // Redirected output has no terminal width; give the table room for Vietnamese agency names.
        console.Profile.Width = Console.IsOutputRedirected ? 200 : Math.Max(Console.WindowWidth, 120);
        var d = plan.Document;
        console.WriteLine($"{d.Number ?? "(no number)"} · {d.Issuer ?? "(issuer unknown)"} · {d.IssuedOn:dd/MM/yyyy}");
        console.WriteLine(d.Title ?? "");
        console.WriteLine($"Period {d.PeriodFrom:dd/MM/yyyy} – {d.PeriodTo:dd/MM/yyyy} · reports to {d.ReportsTo ?? "(not stated)"}");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("Section", "Agency", "Role", "Due", "Occurrence", "Task");
        foreach (var a in plan.Assignments)
        {
            var task = a.Task.Replace('\n', ' ');
            if (task.Length > 70) task = task[..70] + "…";
            table.AddRow(
                Markup.Escape(a.Section),
                Markup.Escape(a.Agency),
                a.Role == AssignmentRole.Lead ? "chủ trì" : "phối hợp",
                a.Due is { } due ? due.ToString("dd/MM/yyyy") + (a.Tentative ? " (dự kiến)" : "") : "không hạn",
                Markup.Escape(a.Occurrence ?? ""),
                Markup.Escape(task));
        }
        console.Write(table);
        console.WriteLine($"{plan.Assignments.Count} assignments, {plan.Assignments.Select(a => a.Agency).Distinct().Count()} agencies.");
        foreach (var w in plan.Warnings) console.WriteLine("warning: " + w);
    }

    /// <summary>Prints a development token (Auth:DevelopmentKeyFile, which ops/accountability sets and serve trusts).</summary>
    public static int Token(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider clock)
    {
        string? role = null, agency = null, subject = null, jurisdiction = null;
        var minutes = 8 * 60;
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--role": role = Value(); break;
                case "--agency": agency = Value(); break;
                case "--jurisdiction": jurisdiction = Value(); break;
                case "--subject": subject = Value(); break;
                case "--minutes":
                    if (!int.TryParse(Value(), out minutes) || minutes <= 0) return Fail(stderr, "--minutes needs a positive number", 2);
                    break;
                default: return Fail(stderr, $"unknown option '{args[i]}'; token --role coordinator|agency|auditor [--agency ID] [--jurisdiction PROVINCE] [--subject NAME] [--minutes N]", 2);
            }
        }
        if (role is null || !Security.Roles.All.Contains(role)) return Fail(stderr, "token needs --role coordinator, agency or auditor", 2);
        if (role == Security.Roles.Agency && string.IsNullOrWhiteSpace(agency)) return Fail(stderr, "an agency token needs --agency ID (see GET /api/agencies, e.g. so-y-te)", 2);
        if (role != Security.Roles.Agency && agency is not null) return Fail(stderr, $"--agency is for agency tokens; a {role} token acts for no agency", 2);
        if (jurisdiction is not null && role != Security.Roles.Coordinator) return Fail(stderr, $"--jurisdiction is for coordinator tokens; a {role} token is not narrowed to a province", 2);
        if (jurisdiction is not null && (jurisdiction == Security.Jurisdictions.Central || !Security.Jurisdictions.IsKnown(jurisdiction)))
            return Fail(stderr, $"unknown province '{jurisdiction}'; use a province's slug such as quang-ninh or quang-ngai (leave --jurisdiction out for the national office)", 2);
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection("Auth");
        if (Security.Authentication.DevelopmentKey(configuration) is not { } key)
            return Fail(stderr, "no development key: set Auth__DevelopmentKeyFile (ops/accountability token sets it)", 1);
        stdout.WriteLine(Security.Authentication.IssueDevelopmentToken(key, role, agency, subject, TimeSpan.FromMinutes(minutes), clock.GetUtcNow(), jurisdiction: jurisdiction));
        return 0;
    }

    /// <summary>GET URL; exit 0 on a 2xx answer within 5 seconds (Dockerfile HEALTHCHECK: the image has no curl).</summary>
    private static async Task<int> ProbeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is not [var url] || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return Fail(stderr, "probe needs one absolute URL", 2);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(uri);
            stdout.WriteLine($"{(int)response.StatusCode} {uri}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return Fail(stderr, $"{uri}: {e.Message}", 1);
        }
    }

    /// <summary>The settings files and environment the service reads, for commands that run without it.</summary>
    private static IConfiguration Configuration()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        return new Microsoft.Extensions.Configuration.ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true).AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables().Build();
    }

    private static int Fail(TextWriter stderr, string message, int code)
    {
        stderr.WriteLine("error: " + message);
        return code;
    }
}
