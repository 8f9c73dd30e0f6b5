namespace Accountability.Time;

/// <summary>Vietnam's civil time: UTC+7 all year, no daylight saving (Asia/Ho_Chi_Minh).</summary>
public static class VietnamTime
{
    public static readonly TimeZoneInfo Zone = Find();

    /// <summary>Today's date in Vietnam, from the injected clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

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
