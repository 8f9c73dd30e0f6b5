using Accountability.Assignments;
using Accountability.Plans;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Accountability.Infrastructure;

/// <summary>The web service: Marten as event and document store, Wolverine for messaging and HTTP endpoints.</summary>
public static class ServiceHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var connection = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("No database: set ConnectionStrings__Marten (ops/accountability serve sets it to the local cluster).");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(connection);
                opts.DatabaseSchemaName = "accountability";
                opts.Projections.Snapshot<Assignment>(SnapshotLifecycle.Inline);
                opts.Projections.Snapshot<Plan>(SnapshotLifecycle.Inline);
                opts.Schema.For<Agencies.Agency>().Identity(a => a.Id);
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine()
            .ApplyAllDatabaseChangesOnStartup();
        builder.Host.UseWolverine(opts =>
        {
            opts.Durability.Mode = DurabilityMode.Solo;
            opts.Policies.AutoApplyTransactions();
        });
        builder.Services.AddWolverineHttp();
        builder.Services.AddHostedService<DemoSeeds>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapWolverineEndpoints();
        return app;
    }
}
