namespace Accountability.Time;

/// <summary>Vietnam's civil time: UTC+7 all year, no daylight saving (Asia/Ho_Chi_Minh).</summary>
public static class VietnamTime
{
    public static readonly TimeZoneInfo Zone = Find();

    /// <summary>Today's date in Vietnam, from the injected clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The date in Vietnam of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant of a wall-clock time on a date in Vietnam.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        }
        catch (TimeZoneNotFoundException)
        {
            // Machines without tzdata: the offset has been fixed since 1975, so a fixed zone is exact.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Vietnam", "ICT");
        }
    }
}
