using System.Text.Json;
using Accountability.Assignments;

namespace Accountability.Infrastructure;

/// <summary>
/// Keeps the error log for errors. Wolverine logs every exception a handler throws at Error ("Invocation of … failed!")
/// before its policies run, Wolverine.Http logs every body that is not the JSON an endpoint takes at Error, and Marten
/// logs a failed version check at Error: each of those is an answered 4xx (a rule broken, a stale version, a typo in a
/// body), and one caller could fill the log with them. This wraps every logger: an entry at Error whose exception is
/// such a refusal is written at Debug, a lost race (a version check) at Warning; everything else is untouched.
/// </summary>
public sealed class ExpectedRefusalsLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>The level an entry is written at: lowered for refusals and lost races, else as asked.</summary>
    public static LogLevel LevelFor(LogLevel level, Exception? exception)
    {
        if (level < LogLevel.Error || exception is null) return level;
        for (var e = exception; e is not null; e = e.InnerException)
            switch (e)
            {
                case AssignmentRuleBroken or NoSuchAssignment or NotYourAssignment or StaleVersion or InvalidField or JsonException or Plans.PlanReadException:
                    return LogLevel.Debug;
                case JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException or Marten.Exceptions.ExistingStreamIdCollisionException
                    or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected }:
                    return LogLevel.Warning;
            }
        return level;
    }

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel level) => inner.IsEnabled(level) || level >= LogLevel.Error;

        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var actual = LevelFor(level, exception);
            if (inner.IsEnabled(actual)) inner.Log(actual, id, state, exception, formatter);
        }
    }

    /// <summary>Puts the wrapper around the host's logger factory.</summary>
    public static void Install(IServiceCollection services)
    {
        services.AddSingleton<LoggerFactory>(sp => ActivatorUtilities.CreateInstance<LoggerFactory>(sp));
        services.AddSingleton<ILoggerFactory>(sp => new ExpectedRefusalsLoggerFactory(sp.GetRequiredService<LoggerFactory>()));
    }
}
