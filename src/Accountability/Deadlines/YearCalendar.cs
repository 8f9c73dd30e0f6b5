using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Accountability.Deadlines;

/// <summary>
/// The working calendar in force: the Labour Code holidays (computed) plus each year's announced swaps, which a
/// coordinator loads (PUT /api/calendar/{year}). Swapped whole on a change, so readers never see half a year.
/// </summary>
public sealed class WorkingCalendarSource
{
    private readonly Lock _gate = new();
    private volatile WorkingCalendar _current = new();

    public WorkingCalendar Current => _current;

    public void Use(WorkingCalendar calendar) => _current = calendar;

    /// <summary>Changes the calendar in force; two changes at once both land (one after the other).</summary>
    public WorkingCalendar Update(Func<WorkingCalendar, WorkingCalendar> change)
    {
        lock (_gate) return _current = change(_current);
    }
}

/// <summary>At start-up, before the deadline sweep: the years' announced changes stored in the database.</summary>
public sealed class YearCalendarLoader(IDocumentStore store, WorkingCalendarSource calendars) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        calendars.Use(new WorkingCalendar(await session.Query<YearAdjustments>().ToListAsync(ct)));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

public sealed record YearCalendarRequest(IReadOnlyList<DateOnly>? ExtraDaysOff, IReadOnlyList<DateOnly>? MakeUpWorkingDays, DateOnly? NationalDaySecondDay);

public sealed record HolidayView(DateOnly Date, string Name);

public sealed record YearCalendarView(int Year, bool Announced, IReadOnlyList<HolidayView> PublicHolidays, IReadOnlyList<DateOnly> ExtraDaysOff, IReadOnlyList<DateOnly> MakeUpWorkingDays, DateOnly NationalDaySecondDay);

/// <summary>GET and PUT /api/calendar/{year}: the year's days off as deadlines count them.</summary>
public static class YearCalendarEndpoints
{
    public const int FirstYear = 1990, LastYear = 2100;

    [WolverineGet("/api/calendar/{year}")]
    public static IResult Get(int year, WorkingCalendarSource calendars) =>
        Invalid(year) is { } problem ? problem : Results.Ok(View(year, calendars.Current));

    /// <summary>
    /// Loads the government's announcement for a year. Deadlines falling in it are looked at again at once, so a
    /// Saturday made a working day (or a bridge day given off) moves their checks.
    /// </summary>
    [WolverinePut("/api/calendar/{year}"), Authorize(Policy = Policies.Coordinator)]
    public static async Task<IResult> Put(int year, YearCalendarRequest? body, IDocumentSession session, WorkingCalendarSource calendars, IMessageBus bus, CancellationToken ct)
    {
        if (Invalid(year) is { } invalid) return invalid;
        body = Infrastructure.Input.Required(body);
        var off = (body.ExtraDaysOff ?? []).Distinct().Order().ToList();
        var work = (body.MakeUpWorkingDays ?? []).Distinct().Order().ToList();
        var errors = new List<string>();
        errors.AddRange(off.Concat(work).Where(d => d.Year != year).Select(d => $"{d:dd/MM/yyyy} is not in {year}."));
        errors.AddRange(work.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => $"{d:dd/MM/yyyy} is a {d.DayOfWeek}; a make-up working day (làm bù) is a Saturday or Sunday."));
        errors.AddRange(off.Intersect(work).Select(d => $"{d:dd/MM/yyyy} cannot be both a day off and a make-up working day."));
        var holidays = calendars.Current.Holidays(year);
        errors.AddRange(work.Where(holidays.ContainsKey).Select(d => $"{d:dd/MM/yyyy} is a public holiday ({holidays[d]}); it cannot be a make-up working day."));
        if (body.NationalDaySecondDay is { } second && second != new DateOnly(year, 9, 1) && second != new DateOnly(year, 9, 3))
            errors.Add($"The second National Day holiday is 1/9 or 3/9 (Labour Code 2019, Art. 112), not {second:dd/MM/yyyy}.");
        if (errors.Count > 0)
            return Results.Problem(new ProblemDetails { Status = 400, Title = "The calendar cannot be loaded", Detail = string.Join(" ", errors) });

        var adjustments = new YearAdjustments(year, off, work, body.NationalDaySecondDay);
        session.Store(adjustments);
        await session.SaveChangesAsync(ct);
        calendars.Update(c => c.With(adjustments));

        // Due dates from December of the year before can end in this year once shifted past Tết or New Year.
        var from = new DateOnly(year - 1, 12, 1);
        var to = new DateOnly(year, 12, 31);
        var open = await session.Query<DeadlineAlert>().Where(a => a.Due != null && a.Due >= from && a.Due <= to).ToListAsync(ct);
        foreach (var a in open) await bus.PublishAsync(new CheckDeadline(a.Id, a.Due!.Value));
        return Results.Ok(View(year, calendars.Current));
    }

    private static YearCalendarView View(int year, WorkingCalendar calendar)
    {
        var announced = calendar.AdjustmentsFor(year);
        return new YearCalendarView(year, announced is not null,
            calendar.Holidays(year).Select(h => new HolidayView(h.Key, h.Value)).ToList(),
            announced?.ExtraDaysOff ?? [], announced?.MakeUpWorkingDays ?? [],
            announced?.NationalDaySecondDay ?? new DateOnly(year, 9, 3));
    }

    private static IResult? Invalid(int year) => year is < FirstYear or > LastYear
        ? Results.Problem(new ProblemDetails { Status = 400, Title = "Year out of range", Detail = $"The calendar covers {FirstYear} to {LastYear}; {year} is outside." })
        : null;
}
