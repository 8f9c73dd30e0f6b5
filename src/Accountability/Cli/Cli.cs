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
          parse FILE [--json]         read a plan (.txt, .md, .docx) and print its assignments
          projections --rebuild       rebuild every read model (scorecards, alerts, …) from the events
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

    private static int Fail(TextWriter stderr, string message, int code)
    {
        stderr.WriteLine("error: " + message);
        return code;
    }
}
