using Accountability.Audit;

namespace Accountability.Tests;

/// <summary>The event hash without a database: what it covers, and one text for one JSON value however it is written.</summary>
public class EventHashTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static readonly EventFacts Completed = new(Guid.Parse("6f1c1f5e-5f43-4a86-9a59-0b7f6b6a2f10"), 3, Guid.Parse("0a0b0c0d-0000-4000-8000-000000000001"),
        "assignment_completed", "Accountability.Assignments.AssignmentCompleted, Accountability", new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero), false,
        EventHash.CanonicalJson("""{"effectiveOn":"2026-11-25","evidence":"Biên bản","by":"so-y-te","at":"2026-11-26T02:00:00+00:00"}"""));

    [Fact]
    public void The_serializers_json_and_postgresqls_jsonb_text_of_one_value_give_one_canonical_text()
    {
        var service = """{"percent":40,"note":"Đã rà soát\n\"12\" cơ sở","at":"2026-11-26T02:00:00+00:00","agencies":["a","b"],"ratio":1.50,"big":1E+20}""";
        var jsonb = """{"at": "2026-11-26T02:00:00+00:00", "big": 100000000000000000000, "note": "\u0110\u00e3 r\u00e0 so\u00e1t\n\"12\" c\u01a1 s\u1edf", "ratio": 1.50, "percent": 40, "agencies": ["a", "b"]}""";
        Assert.Equal(EventHash.CanonicalJson(service), EventHash.CanonicalJson(jsonb));
        Assert.NotEqual(EventHash.CanonicalJson(service), EventHash.CanonicalJson(service.Replace("40", "41")));
        Assert.NotEqual(EventHash.CanonicalJson("""{"a":["x","y"]}"""), EventHash.CanonicalJson("""{"a":["y","x"]}""")); // arrays keep their order
        Assert.NotEqual(EventHash.CanonicalJson("""{"a":null}"""), EventHash.CanonicalJson("""{}"""));
    }

    [Fact]
    public void Every_fact_that_history_and_asOf_read_changes_the_hash()
    {
        var hash = EventHash.Of(Key, "prev", Completed);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, EventHash.Of(Key, "prev", Completed with { }));
        var changed = new[]
        {
            EventHash.Of(Key, "other", Completed),
            EventHash.Of(Key, null, Completed),
            EventHash.Of(Key, "prev", Completed with { Stream = Guid.NewGuid() }),
            EventHash.Of(Key, "prev", Completed with { Version = 4 }),
            EventHash.Of(Key, "prev", Completed with { EventId = Guid.NewGuid() }),
            EventHash.Of(Key, "prev", Completed with { Type = "assignment_withdrawn" }),
            EventHash.Of(Key, "prev", Completed with { DotNetType = "Accountability.Assignments.AssignmentWithdrawn, Accountability" }),
            EventHash.Of(Key, "prev", Completed with { Recorded = Completed.Recorded.AddTicks(10) }),
            EventHash.Of(Key, "prev", Completed with { Archived = true }),
            EventHash.Of(Key, "prev", Completed with { CanonicalData = Completed.CanonicalData.Replace("2026-11-25", "1900-01-01") }),
            EventHash.Of([.. Key.Reverse()], "prev", Completed),
        };
        Assert.DoesNotContain(hash, changed);
        Assert.Equal(changed.Length, changed.Distinct().Count());
    }

    [Fact]
    public void The_recorded_time_is_hashed_as_postgresql_keeps_it()
    {
        var t = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(7)).AddTicks(12_345_678);
        var stored = EventHash.ToMicroseconds(t);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(t.UtcTicks - 8, stored.UtcTicks);
        Assert.Equal(EventHash.Microseconds(t), EventHash.Microseconds(stored));
        Assert.Equal(EventHash.Of(Key, null, Completed with { Recorded = t }), EventHash.Of(Key, null, Completed with { Recorded = stored }));
    }
}
