namespace Accountability.Deadlines;

/// <summary>
/// Vietnamese lunar calendar (âm lịch), computed for Vietnam's time zone (UTC+7) from astronomical new moons
/// and the sun's longitude, as the published Vietnamese calendar is. Used for Tết and Giỗ Tổ Hùng Vương, whose
/// solar dates move every year; nothing here is typed in per year.
/// </summary>
public static class LunarCalendar
{
    private const double TimeZone = 7.0;
    private const double SynodicMonth = 29.530588853;

    /// <summary>The solar date of a lunar date (day, month of lunar year <paramref name="year"/>; leap month when <paramref name="leap"/>).</summary>
    public static DateOnly ToSolar(int day, int month, int year, bool leap = false)
    {
        int a11, b11;
        if (month < 11)
        {
            a11 = LunarMonth11(year - 1);
            b11 = LunarMonth11(year);
        }
        else
        {
            a11 = LunarMonth11(year);
            b11 = LunarMonth11(year + 1);
        }
        var k = (int)Math.Floor(0.5 + (a11 - 2415021.076998695) / SynodicMonth);
        var offset = month - 11;
        if (offset < 0) offset += 12;
        if (b11 - a11 > 365)
        {
            var leapOffset = LeapMonthOffset(a11);
            var leapMonth = leapOffset - 2;
            if (leapMonth < 0) leapMonth += 12;
            if (leap && month != leapMonth) throw new ArgumentException($"Lunar year {year} has no leap month {month}.");
            if (leap || offset >= leapOffset) offset++;
        }
        else if (leap) throw new ArgumentException($"Lunar year {year} has no leap month.");
        var monthStart = NewMoonDay(k + offset);
        return FromJulianDay(monthStart + day - 1);
    }

    /// <summary>The solar date of Tết (1 tháng Giêng) of lunar year <paramref name="year"/>.</summary>
    public static DateOnly NewYear(int year) => ToSolar(1, 1, year);

    private static int LunarMonth11(int year)
    {
        var off = JulianDay(new DateOnly(year, 12, 31)) - 2415021;
        var k = (int)Math.Floor(off / SynodicMonth);
        var nm = NewMoonDay(k);
        return SunLongitudeSector(nm) >= 9 ? NewMoonDay(k - 1) : nm;
    }

    private static int LeapMonthOffset(int a11)
    {
        var k = (int)Math.Floor((a11 - 2415021.076998695) / SynodicMonth + 0.5);
        int last, i = 1;
        var arc = SunLongitudeSector(NewMoonDay(k + i));
        do
        {
            last = arc;
            i++;
            arc = SunLongitudeSector(NewMoonDay(k + i));
        } while (arc != last && i < 14);
        return i - 1;
    }

    private static int NewMoonDay(int k) => (int)Math.Floor(NewMoon(k) + 0.5 + TimeZone / 24);

    private static int SunLongitudeSector(int dayNumber) => (int)Math.Floor(SunLongitude(dayNumber - 0.5 - TimeZone / 24) / Math.PI * 6);

    /// <summary>Julian day of the k-th new moon after 1900-01-01 (Meeus, Astronomical Algorithms, simplified).</summary>
    private static double NewMoon(int k)
    {
        var t = k / 1236.85;
        var (t2, t3, dr) = (t * t, t * t * t, Math.PI / 180);
        var jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
        jd1 += 0.00033 * Math.Sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
        var m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
        var mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
        var f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
        var c1 = (0.1734 - 0.000393 * t) * Math.Sin(m * dr) + 0.0021 * Math.Sin(2 * dr * m);
        c1 = c1 - 0.4068 * Math.Sin(mpr * dr) + 0.0161 * Math.Sin(dr * 2 * mpr);
        c1 -= 0.0004 * Math.Sin(dr * 3 * mpr);
        c1 = c1 + 0.0104 * Math.Sin(dr * 2 * f) - 0.0051 * Math.Sin(dr * (m + mpr));
        c1 = c1 - 0.0074 * Math.Sin(dr * (m - mpr)) + 0.0004 * Math.Sin(dr * (2 * f + m));
        c1 = c1 - 0.0004 * Math.Sin(dr * (2 * f - m)) - 0.0006 * Math.Sin(dr * (2 * f + mpr));
        c1 = c1 + 0.0010 * Math.Sin(dr * (2 * f - mpr)) + 0.0005 * Math.Sin(dr * (2 * mpr + m));
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return jd1 + c1 - deltaT;
    }

    /// <summary>The sun's apparent longitude in radians, 0 to 2π, at Julian day <paramref name="jdn"/>.</summary>
    private static double SunLongitude(double jdn)
    {
        var t = (jdn - 2451545.0) / 36525;
        var (t2, dr) = (t * t, Math.PI / 180);
        var m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
        var l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(dr * m);
        dl += (0.019993 - 0.000101 * t) * Math.Sin(dr * 2 * m) + 0.000290 * Math.Sin(dr * 3 * m);
        var l = (l0 + dl) * dr;
        return l - Math.PI * 2 * Math.Floor(l / (Math.PI * 2));
    }

    private static int JulianDay(DateOnly date) => date.DayNumber + 1721426;

    private static DateOnly FromJulianDay(int jd) => DateOnly.FromDayNumber(jd - 1721426);
}
