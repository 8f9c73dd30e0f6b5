using System.Text;
using System.Text.Json;
using Accountability.Assignments;
using Accountability.Deadlines;
using Accountability.Plans;
using Accountability.Plans.Revisions;
using Accountability.Scorecards;
using Marten;
using Npgsql;

namespace Accountability.Audit;

/// <summary>
/// The read models are what every list, alert and scorecard shows, and a database writer can edit them directly
/// (an assignment set to completed in mt_doc_assignment). This folds each assignment and plan again from its events
/// (only those whose hash held) with the rules Marten's projections run, and compares the result with what is stored:
/// the assignment, its alert, its scorecard entry, the plan. A stored one that differs, is missing, or has no stream
/// at all is reported. Streams are compared a batch at a time, so memory stays flat however many there are.
/// </summary>
public sealed class ReadModelCheck(IDocumentStore store)
{
    private const int Batch = 500;

    /// <summary>The service's event types by the name Marten stores (mt_dotnet_type); nothing else is deserialized.</summary>
    private static readonly Dictionary<string, Type> EventTypes = new Type[]
    {
        typeof(AssignmentIssued), typeof(AssignmentAcknowledged), typeof(ProgressReported), typeof(DeadlineExtended), typeof(AssignmentReassigned),
        typeof(AssignmentWithdrawn), typeof(AssignmentCompleted), typeof(CompletionCorrected), typeof(AssignmentMarkedOverdue),
        typeof(AssignmentDeclined), typeof(DeclineOverruled), typeof(AssignmentRevised), typeof(AssignmentTransferred),
        typeof(ExtensionRequested), typeof(ExtensionGranted), typeof(ExtensionRefused), typeof(NoticeIssued), typeof(NoticeDelivered), typeof(NoticeDeliveryFailed), typeof(NoticeDeadLettered), typeof(NoticeRedelivered),
        typeof(PlanImported), typeof(PlanSuperseded), typeof(PlanRevised), typeof(PlanImplements),
    }.ToDictionary(t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    /// <summary>A run over every stream: feed it the checked events in stream order, then <see cref="FinishAsync"/>.</summary>
    public Run Start() => new(store);

    public sealed class Run(IDocumentStore store)
    {
        private readonly ISerializer _serializer = store.Options.Serializer();
        private readonly List<object> _events = [];
        private readonly Dictionary<Guid, List<object>> _pending = [];
        // Every event of the stream, folded or not (a plan's reading and corrections are not): Marten keeps a
        // snapshot's Version at the stream's version.
        private readonly Dictionary<Guid, int> _lengths = [];
        private int _length;
        private readonly List<BrokenLink> _broken = [];
        private Guid? _stream;
        private bool _complete = true;

        public long Compared { get; private set; }

        public async Task AddAsync(CheckedEvent e, CancellationToken ct)
        {
            if (_stream != e.Stream) await EndStreamAsync(ct);
            _stream = e.Stream;
            _length++;
            // A stream with a broken event is reported by the chain already; its fold would only repeat that.
            if (!e.Holds || !EventTypes.TryGetValue(e.DotNetType, out var type)) { _complete &= e.Holds; return; }
            _events.Add(_serializer.FromJson(type, new MemoryStream(Encoding.UTF8.GetBytes(e.Data))));
        }

        private async Task EndStreamAsync(CancellationToken ct)
        {
            if (_stream is { } id && _complete && _events.Count > 0)
            {
                _pending[id] = [.. _events];
                _lengths[id] = _length;
            }
            _events.Clear();
            _length = 0;
            _complete = true;
            _stream = null;
            if (_pending.Count >= Batch) await CompareAsync(ct);
        }

        public async Task<IReadOnlyList<BrokenLink>> FinishAsync(CancellationToken ct)
        {
            await EndStreamAsync(ct);
            await CompareAsync(ct);
            await OrphansAsync(ct);
            return _broken;
        }

        private async Task CompareAsync(CancellationToken ct)
        {
            if (_pending.Count == 0) return;
            var assignments = _pending.Where(p => p.Value[0] is AssignmentIssued).ToDictionary(p => p.Key, p => p.Value);
            var plans = _pending.Where(p => p.Value[0] is PlanImported).ToDictionary(p => p.Key, p => p.Value);
            await using var session = store.QuerySession();
            await CompareAsync<Assignment>(session, "assignment", assignments, Assignment.Fold, a => a.Id, ct);
            await CompareAsync<DeadlineAlert>(session, "deadline alert", assignments, DeadlineAlertProjection.Fold, a => a.Id, ct);
            await CompareAsync<ScorecardEntry>(session, "scorecard entry", assignments, ScorecardEntry.Fold, e => e.Id, ct);
            await CompareAsync<Plan>(session, "plan", plans, (p, e) => Plan.Fold(p, e) is { } plan ? plan with { Version = _lengths[plan.Id] } : null, p => p.Id, ct);
            Compared += _pending.Count;
            _pending.Clear();
            _lengths.Clear();
        }

        private async Task CompareAsync<T>(IQuerySession session, string what, Dictionary<Guid, List<object>> streams, Func<T?, object, T?> fold, Func<T, Guid> idOf, CancellationToken ct)
            where T : class
        {
            if (streams.Count == 0) return;
            var stored = (await session.LoadManyAsync<T>(ct, streams.Keys.ToArray())).ToDictionary(idOf);
            foreach (var (id, events) in streams)
            {
                var folded = events.Aggregate((T?)null, fold);
                stored.TryGetValue(id, out var kept);
                var problem = (folded, kept) switch
                {
                    (null, null) => null,
                    (null, _) => $"a stored {what} exists that its events say should not",
                    (_, null) => $"the stored {what} is missing",
                    _ => Differences(folded, kept) is [_, ..] fields ? $"the stored {what} differs from its events in {string.Join(", ", fields)}" : null,
                };
                if (problem is not null) _broken.Add(new BrokenLink(id, events.Count, problem));
            }
        }

        /// <summary>Top-level fields whose JSON differs, by name.</summary>
        private List<string> Differences(object folded, object kept)
        {
            using var a = JsonDocument.Parse(_serializer.ToJson(folded));
            using var b = JsonDocument.Parse(_serializer.ToJson(kept));
            var other = b.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            return a.RootElement.EnumerateObject()
                .Where(p => !other.TryGetValue(p.Name, out var v) || !JsonElement.DeepEquals(p.Value, v))
                .Select(p => p.Name)
                .ToList();
        }

        /// <summary>Read models with no stream behind them at all (a row inserted by hand shows in every list).</summary>
        private async Task OrphansAsync(CancellationToken ct)
        {
            var schema = store.Options.Events.DatabaseSchemaName;
            var tables = new (Type Type, string What)[] { (typeof(Assignment), "assignment"), (typeof(DeadlineAlert), "deadline alert"), (typeof(ScorecardEntry), "scorecard entry"), (typeof(Plan), "plan") };
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            foreach (var (type, what) in tables)
            {
                var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
                await using var command = new NpgsqlCommand(
                    $"SELECT d.id FROM {table} d WHERE NOT EXISTS (SELECT 1 FROM {schema}.mt_events e WHERE e.stream_id = d.id) LIMIT 1000", connection);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) _broken.Add(new BrokenLink(reader.GetGuid(0), 0, $"a stored {what} has no events behind it"));
            }
        }
    }
}
