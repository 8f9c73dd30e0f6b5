using Npgsql;

namespace Accountability.Infrastructure;

/// <summary>
/// Nodes start one at a time. Start-up changes the database: the schema (Marten, Wolverine), the audit chain's
/// trigger, read models built for a projection that is new or changed (ProjectionUpgrades). Two nodes doing that at
/// once fail ("tuple concurrently updated") or build a read model twice; so every node takes a PostgreSQL advisory
/// lock before the first hosted service starts and lets it go once all have started. The lock belongs to a session:
/// a node killed while starting releases it with its connection.
/// </summary>
public sealed class StartupLock(IConfiguration configuration, ILogger<StartupLock> log, TimeProvider clock) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>The lock's key: "accountability start-up" in the advisory lock space (Wolverine's use other keys).</summary>
    private const long Key = 0x4143_4354_5354_4152;
    private NpgsqlConnection? _connection;

    public async Task StartingAsync(CancellationToken ct)
    {
        // Its own session, outside the pool: closing it must end the session, and with it the lock.
        _connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Marten")) { Pooling = false }.ConnectionString);
        await _connection.OpenAsync(ct);
        var waitingSince = clock.GetTimestamp();
        var said = false;
        while (!await TryLockAsync(ct))
        {
            if (!said && clock.GetElapsedTime(waitingSince) > TimeSpan.FromSeconds(2))
            {
                log.LogInformation("Another node is starting (schema, read models); this one starts after it");
                said = true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
    }

    private async Task<bool> TryLockAsync(CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", _connection);
        command.Parameters.AddWithValue("key", Key);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken ct) => await ReleaseAsync();

    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken ct) => await ReleaseAsync();

    private async Task ReleaseAsync()
    {
        if (_connection is null) return;
        // Closing the (unpooled) session releases its advisory locks.
        await _connection.DisposeAsync();
        _connection = null;
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();
}
