using Accountability.Assignments;
using Wolverine;

namespace Accountability.Deadlines;

/// <summary>
/// Wolverine writes and compiles a handler's code the first time a message of its type arrives. For the batches of a
/// deadline storm that took seconds (4.4 s on the benchmark machine, docs/benchmarks.md), paid at the worst moment:
/// by the first storm after every start. Handling an empty batch of each at start-up, in the background, pays it
/// while nothing is due. An empty batch reads and writes nothing.
/// </summary>
public sealed class StormWarmUp(IServiceScopeFactory scopes, ILogger<StormWarmUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: Wolverine compiles a handler synchronously inside the first call, which would
        // otherwise hold up the host's start for those seconds.
        await Task.Yield();
        try
        {
            using var scope = scopes.CreateScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            await bus.InvokeAsync(Array.Empty<CheckDeadline>(), stoppingToken);
            await bus.InvokeAsync(Array.Empty<SendNotice>(), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only the first storm is slower for it: the handlers are built when their first message comes.
            log.LogWarning(e, "Warming up the deadline check and notice handlers failed; they will be built on first use");
        }
    }
}
