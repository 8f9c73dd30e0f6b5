using Accountability.Time;
using Marten;
using Wolverine;

namespace Accountability.Agencies.Successions;

/// <summary>
/// A timer the service sets for itself: the succession of this agency takes effect on that day (00:00 Vietnam time).
/// State decides: if the office has since entered another day, or the duties have moved already, nothing happens.
/// </summary>
public sealed record TakeSuccessionEffect(string AgencyId, string Agency, DateOnly EffectiveOn);

public static class TakeSuccessionEffectHandler
{
    /// <summary>Sets the timer (or sends it now, when the day has come).</summary>
    public static async Task ScheduleAsync(IMessageBus bus, AgencySuccession s, DateTimeOffset now)
    {
        var message = new TakeSuccessionEffect(s.Id, s.From, s.EffectiveOn);
        var wait = VietnamTime.At(s.EffectiveOn, TimeOnly.MinValue) - now;
        if (wait > TimeSpan.Zero) await bus.ScheduleAsync(message, wait);
        else await bus.PublishAsync(message);
    }

    // Committed by Wolverine's transactional middleware (AutoApplyTransactions), with any message it sends.
    public static async Task Handle(TakeSuccessionEffect command, IDocumentSession session, IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (VietnamTime.DateOf(now) < command.EffectiveOn) return; // early: the message store's clock ran ahead of the service's
        var s = await SuccessionTransfers.ForAsync(session, command.AgencyId, command.Agency, ct);
        if (s is null || s.EffectiveOn != command.EffectiveOn) return; // the office changed or removed it since
        var notices = new List<Assignments.SendNotice>();
        await SuccessionTransfers.TakeEffectAsync(session, s, now, ct, notices);
        foreach (var n in notices) await context.PublishAsync(n);
    }
}
