namespace Accountability.Time;

/// <summary>
/// The clock Marten stamps events with: the service's own (so "as of" a moment and the recorded times agree with
/// the deadlines decided then, and tests that move the service's clock move the stamps), while everything Marten
/// waits for (the async daemon's polling, its timers) runs on real time. In production both are the system clock;
/// under a clock that tests hold still, a daemon polling on it would never poll again.
/// </summary>
public sealed class EventStampClock(TimeProvider service) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => service.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => service.LocalTimeZone;
}
