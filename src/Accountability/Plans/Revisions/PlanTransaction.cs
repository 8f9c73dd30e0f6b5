using Marten;
using SessionOptions = Marten.Services.SessionOptions;
using Npgsql;
using Wolverine;
using Wolverine.Marten;

namespace Accountability.Plans.Revisions;

/// <summary>
/// One plan commit's PostgreSQL transaction, written in pieces. Marten keeps a save's writes in one list and, for each
/// document queued, searches the whole list for an earlier write of the same document; with three read-model rows per
/// duty, a plan of thousands of duties made an import's save quadratic (docs/benchmarks.md, import profile). Here the
/// pieces are saved as they are queued (<see cref="FlushAsync"/>: written, not committed), and <see cref="CommitAsync"/>
/// writes the timers through the outbox and commits everything at once: a failure anywhere leaves nothing written,
/// and the timers are only sent once the duties they check are there.
/// </summary>
public sealed class PlanTransaction : IAsyncDisposable
{
    /// <summary>Duties per piece: small enough that a save's search stays short, large enough to batch its writes.</summary>
    public const int PieceSize = 100;

    private readonly IDocumentStore _store;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private IDocumentSession? _last;
    private bool _committed;

    private PlanTransaction(IDocumentStore store, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _store = store;
        _connection = connection;
        _transaction = transaction;
        Session = store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
    }

    /// <summary>The session the commit reads and queues with; each save writes in the transaction without committing it.</summary>
    public IDocumentSession Session { get; }

    public static async Task<PlanTransaction> BeginAsync(IDocumentStore store, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            return new PlanTransaction(store, connection, await connection.BeginTransactionAsync(ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes what the session has queued so far, inside the transaction.</summary>
    public Task FlushAsync(CancellationToken ct) => Session.SaveChangesAsync(ct);

    /// <summary>
    /// Writes the rest, then the messages <paramref name="send"/> gives (timers, notices) through the outbox, and commits.
    /// The outbox sends them only after the commit, so a check never runs before its duty exists.
    /// </summary>
    public async Task CommitAsync(IMartenOutbox outbox, Func<IMessageBus, Task> send, CancellationToken ct)
    {
        await FlushAsync(ct);
        _last = _store.LightweightSession(SessionOptions.ForTransaction(_transaction, shouldAutoCommit: true));
        outbox.Enroll(_last);
        await send(outbox);
        // Durable messages are rows of the save; a save with nothing to write would not commit at all.
        if (_last.PendingChanges.Operations().Any()) await _last.SaveChangesAsync(ct);
        else await _transaction.CommitAsync(ct);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try { await _transaction.RollbackAsync(); }
            catch (Exception e) when (e is InvalidOperationException or NpgsqlException) { } // the connection is gone: PostgreSQL rolled it back
        }
        if (_last is not null) await _last.DisposeAsync();
        await Session.DisposeAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
