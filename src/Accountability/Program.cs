using Accountability.Infrastructure;
using JasperFx;

// "parse" is the plan reader on its own, "token" prints a development token; everything else is the service and its JasperFx commands
// (run, projections --rebuild, db-apply, describe, …).
if (args.Length == 0 || args[0] is "parse" or "token" or "help" or "-h" or "--help")
    return await Accountability.Cli.Cli.RunAsync(args, Console.Out, Console.Error);

// "projections --rebuild" (the form our docs use) is JasperFx's "projections rebuild".
if (args[0] == "projections") args = [.. args.Select(a => a == "--rebuild" ? "rebuild" : a)];

var app = ServiceHost.Build(args);
return await app.RunJasperFxCommands(args);

/// <summary>Entry point type, visible to the integration tests' host.</summary>
public partial class Program;
