using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Accountability.Infrastructure;

/// <summary>
/// Logs an operator can read: one line per request (method, path, status, time), nothing for health probes, and no
/// failure with a stack trace for an answer the service gives on purpose (a 409 for a rule broken, a 404, a 403).
/// Levels and the console format (JSON in production) are settings (appsettings*.json, docs/operations.md).
/// </summary>
public static class QuietLogs
{
    public static IServiceCollection AddQuietLogs(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddTransient<IStartupFilter, RequestLogFirst>();
        // Wrap the console provider (the one ASP.NET registered, or one a caller put in its place).
        var console = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        if (console is not null)
        {
            services.Remove(console);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, ExpectedFailuresFiltered>());
        }
        return services;
    }

    /// <summary>The request line is written around everything else, so it sees the final status code.</summary>
    private sealed class RequestLogFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<RequestLog>();
            next(app);
        };
    }
}

/// <summary>One line per request at Information: "POST /api/plans 201 84 ms". Health probes are not logged.</summary>
public sealed class RequestLog(RequestDelegate next, ILogger<RequestLog> log, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!log.IsEnabled(LogLevel.Information) || context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }
        var started = clock.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            log.LogInformation("{Method} {Path} {Status} {Milliseconds:0} ms", context.Request.Method, context.Request.Path.Value,
                context.Response.StatusCode, clock.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

/// <summary>
/// The console, without Wolverine's "Invocation of … failed!" error for a command invoked from an HTTP request.
/// Wolverine writes that line, with the stack trace, for every exception a handler throws, before anything decides
/// what the exception means. Inside a request the exception goes on to the HTTP pipeline, which answers the expected
/// ones with a 4xx (Infrastructure/ProblemExceptionHandler.cs) and logs every other one as an unhandled error with its
/// stack trace: nothing is lost, and a refused command is not reported as a failure. Messages handled in the
/// background (timers, deliveries) are not inside a request and keep their failure lines.
/// </summary>
[ProviderAlias("Console")]
public sealed class ExpectedFailuresFiltered(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, IHttpContextAccessor http)
    : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleLoggerProvider _console = new(options, formatters);

    public ILogger CreateLogger(string categoryName) => new Filtered(_console.CreateLogger(categoryName), http);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _console.SetScopeProvider(scopeProvider);

    public void Dispose() => _console.Dispose();

    public static bool IsInvocationFailure<TState>(TState state) =>
        state is IReadOnlyList<KeyValuePair<string, object?>> values
        && values.Any(v => v is { Key: "{OriginalFormat}", Value: string format }
            && (format.StartsWith("Invocation of {Message} failed", StringComparison.Ordinal) || format.StartsWith("Inline invocation of {Message} failed", StringComparison.Ordinal)));

    private sealed class Filtered(ILogger inner, IHttpContextAccessor http) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && http.HttpContext is not null && IsInvocationFailure(state)) return;
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
