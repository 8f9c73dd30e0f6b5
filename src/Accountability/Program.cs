using Accountability.Infrastructure;
using JasperFx;

// "parse" is the plan reader on its own, "token" prints a development token, "probe" asks a URL, "audit-key create" writes a
// first key; everything else is the service, its maintenance commands (backup, restore, audit-key) and its JasperFx
// commands (run, projections --rebuild, db-apply, describe, …).
if (args.Length == 0 || args[0] is "parse" or "token" or "help" or "-h" or "--help" or "probe" || args is ["audit-key", "create"])
    return await Accountability.Cli.Cli.RunAsync(args, Console.Out, Console.Error);

// "projections --rebuild" (the form our docs use) is JasperFx's "projections rebuild".
if (args[0] == "projections") args = [.. args.Select(a => a == "--rebuild" ? "rebuild" : a)];

var app = ServiceHost.Build(args);
// A setting that cannot work stops here, one line each, before anything connects (docs/operations.md).
if (!Settings.Check(app.Services, Console.Error)) return Settings.InvalidExitCode;
if (Accountability.Cli.Maintenance.Commands.Contains(args[0]))
    return await Accountability.Cli.Maintenance.RunAsync(app.Services, args, Console.Out, Console.Error);
return await app.RunJasperFxCommands(args);

/// <summary>Entry point type, visible to the integration tests' host.</summary>
public partial class Program;
