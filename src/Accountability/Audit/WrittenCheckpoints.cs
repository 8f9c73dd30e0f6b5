using System.Text.Json;
using Wolverine;

namespace Accountability.Audit;

/// <summary>
/// Where the service writes its signed checkpoints, out of the database: Audit:CheckpointFolder (a local folder, or an
/// object store mounted as one). One file per period (Audit:CheckpointInterval, an hour by default), named by the
/// period's start in UTC, so the latest is the last name; the newest Audit:CheckpointsKept (720: a month of hours) are
/// kept. Each file is the checkpoint exactly as GET /api/audit/checkpoint answers it, so an auditor can also POST a
/// copy to /api/audit/verify.
/// </summary>
public sealed class CheckpointFolder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private const string Prefix = "checkpoint-";

    public string? Folder { get; }
    public TimeSpan Every { get; }
    public int Kept { get; }

    public CheckpointFolder(IConfiguration configuration, ILogger<CheckpointFolder> log)
    {
        Folder = configuration["Audit:CheckpointFolder"] is { Length: > 0 } folder ? Path.GetFullPath(folder.StartsWith("file://", StringComparison.Ordinal) ? new Uri(folder).LocalPath : folder) : null;
        Every = configuration.GetValue<TimeSpan?>("Audit:CheckpointInterval") ?? TimeSpan.FromHours(1);
        Kept = Math.Max(1, configuration.GetValue<int?>("Audit:CheckpointsKept") ?? 720);
        if (Folder is null)
            log.LogWarning("Audit:CheckpointFolder is not set: no checkpoint is written, so a deleted stream or a cut tail is caught only against checkpoints an auditor kept.");
    }

    public bool Enabled => Folder is not null;

    /// <summary>The start of the period an instant falls in.</summary>
    public DateTimeOffset PeriodOf(DateTimeOffset instant)
    {
        var ticks = Every > TimeSpan.Zero ? Every.Ticks : TimeSpan.TicksPerHour;
        var utc = instant.UtcTicks;
        return new DateTimeOffset(utc - utc % ticks, TimeSpan.Zero);
    }

    private string PathOf(DateTimeOffset period) => Path.Combine(Folder!, $"{Prefix}{period.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.json");

    public bool Has(DateTimeOffset period) => File.Exists(PathOf(period));

    /// <summary>Writes the period's checkpoint (to a temporary file first, so a reader never sees half of one) and drops the oldest.</summary>
    public async Task WriteAsync(DateTimeOffset period, Checkpoint checkpoint, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder!);
        var path = PathOf(period);
        var temporary = path + $".{Guid.NewGuid():N}.tmp";
        await using (var file = File.Create(temporary))
            await JsonSerializer.SerializeAsync(file, checkpoint, Json, ct);
        File.Move(temporary, path, overwrite: true);
        foreach (var old in Written().SkipLast(Kept)) File.Delete(old);
    }

    /// <summary>The newest written checkpoint and its file name, or null when none was written yet.</summary>
    public async Task<(string File, Checkpoint? Checkpoint)?> LatestAsync(CancellationToken ct)
    {
        if (!Enabled || Written().LastOrDefault() is not { } path) return null;
        try
        {
            await using var file = File.OpenRead(path);
            return (Path.GetFileName(path), await JsonSerializer.DeserializeAsync<Checkpoint>(file, Json, ct));
        }
        catch (JsonException)
        {
            return (Path.GetFileName(path), null);
        }
    }

    private IEnumerable<string> Written() => Directory.Exists(Folder)
        ? Directory.EnumerateFiles(Folder, Prefix + "*.json").Order(StringComparer.Ordinal)
        : [];
}

/// <summary>Write the checkpoint of one period (its start in UTC).</summary>
public sealed record WriteAuditCheckpoint(DateTimeOffset Period);

/// <summary>
/// The checkpoints write themselves: each period's message writes that period's checkpoint and schedules the next
/// one (a durable Wolverine message, timed on the service's clock). A period already written (by another instance,
/// or by a second chain started at a restart) is left alone and schedules nothing, so duplicate chains die out.
/// </summary>
public static class WriteAuditCheckpointHandler
{
    public static async Task<OutgoingMessages> Handle(WriteAuditCheckpoint message, HashChain chain, AuditSigningKey key, CheckpointFolder folder,
        TimeProvider clock, ILogger<WriteAuditCheckpoint> log, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        if (!folder.Enabled) return messages;
        var now = clock.GetUtcNow();
        // Early (the message store's clock and the service's disagree by a little): wait for the period.
        if (now < message.Period)
        {
            messages.Add(message.DelayedFor(message.Period - now));
            return messages;
        }
        if (folder.Has(message.Period)) return messages;
        var checkpoint = Checkpoints.Sign(await chain.HeadsAsync(ct), now, key);
        await folder.WriteAsync(message.Period, checkpoint, ct);
        log.LogInformation("Audit checkpoint for {Period:O}: {Streams} streams, {Events} events", message.Period, checkpoint.Streams, checkpoint.Events);
        if (folder.Every > TimeSpan.Zero)
        {
            var next = message.Period + folder.Every;
            messages.Add(new WriteAuditCheckpoint(next).DelayedFor(next - now));
        }
        return messages;
    }
}

/// <summary>
/// At start-up: this period's checkpoint now (when it was not written yet) and the next period's on time. The chain
/// lives in the message store; starting it at every start-up brings it back if it was lost (a restore, or someone
/// emptying the table), and the period check keeps it single. Audit:CheckpointInterval=00:00:00 writes none on its own.
/// </summary>
public sealed class AuditCheckpointStarter(CheckpointFolder folder, IServiceScopeFactory scopes, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!folder.Enabled || folder.Every <= TimeSpan.Zero) return;
        using var scope = scopes.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var now = clock.GetUtcNow();
        var period = folder.PeriodOf(now);
        await bus.PublishAsync(new WriteAuditCheckpoint(period));
        await bus.ScheduleAsync(new WriteAuditCheckpoint(period + folder.Every), period + folder.Every - now);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
