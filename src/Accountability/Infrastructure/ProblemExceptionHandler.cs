using System.Net.Sockets;
using System.Text.Json;
using Accountability.Assignments;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Accountability.Infrastructure;

/// <summary>
/// Every exception that reaches the top of a request becomes an RFC 7807 answer a clerk can act on: rule breaks and
/// stale versions 409, a field that is not acceptable 400 naming it, a body that is not JSON 400, the database out of
/// reach 503 with Retry-After, anything else 500 with only a trace id. No answer carries a stack trace or another
/// library's message. Only 5xx are logged as errors: a 4xx is the caller's mistake, answered and forgotten (ASP.NET
/// Core 10 records nothing for an exception a handler took).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    /// <summary>How long a caller should wait before trying again while the database is out of reach.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException) return true; // nobody is listening
        var (status, title, detail) = Describe(exception);
        if (context.Response.HasStarted) return false;
        if (status >= 500)
            log.LogError(exception, "{Method} {Path} failed: {Status} {Title}", context.Request.Method, context.Request.Path, status, title);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        var problem = exception is InvalidField field
            ? new ValidationProblemDetails(new Dictionary<string, string[]> { [field.Field] = [field.Message] }) { Status = status, Title = title, Detail = detail }
            : new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is Notifications.ChaseTooSoon soon) problem.Extensions["nextAllowedAt"] = soon.NextAllowedAt;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = null });
    }

    public static (int Status, string Title, string Detail) Describe(Exception exception) => exception switch
    {
        InvalidField e => (400, "The request is not valid", e.Message),
        AssignmentRuleBroken e => (409, "The request breaks a rule of the assignment", e.Message),
        NoSuchAssignment e => (404, NoSuchAssignment.Title, e.Message),
        NotYourAssignment e => (403, "Not your agency's", e.Message),
        StaleVersion e => (409, "Stale version", e.Message),
        Notifications.ChaseTooSoon e => (409, "Chased already this working day", e.Message),
        Plans.PlanTooLargeException e => (413, "The plan is too large", e.Message),
        Plans.PlanReadException e => (422, "The document cannot be read as a plan", e.Message),
        JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
            or Marten.Exceptions.StreamLockedException
            => (409, "Someone else changed this first; reload and try again", "Another request changed the same record at the same moment; read it again and repeat yours if it still applies."),
        _ when Unavailable(exception) => (503, "The database is not available",
            $"The service cannot reach its database just now; nothing was changed. Try again in {RetryAfterSeconds} seconds."),
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected }
            => (409, "Someone else changed this at the same moment; try again", "Another request was writing the same records; repeat yours."),
        // A body that is not JSON, or JSON of the wrong shape ("percent": "mười").
        BadHttpRequestException { StatusCode: 413 } => (413, "Too large", "The request body is over the limit (see docs/security.md)."),
        BadHttpRequestException { StatusCode: 415 } => (415, "Unsupported content type", "Send the body as application/json."),
        BadHttpRequestException e when e.InnerException is JsonException j => (400, "The request body is not valid JSON", JsonProblem(j)),
        BadHttpRequestException => (400, "The request is not valid", "The request could not be read; send a JSON object as the body."),
        JsonException j => (400, "The request body is not valid JSON", JsonProblem(j)),
        // Kestrel's body limit on a body sent without a length, and a form without a boundary.
        InvalidDataException => (415, "Unsupported content type", "A multipart/form-data body needs its boundary; send the file as a form field named 'file', or the plan as text/plain."),
        _ => (500, "Something went wrong on our side", "The error was logged with this request's trace id; nothing was changed unless the answer said so."),
    };

    private static string JsonProblem(JsonException e) =>
        e.Path is { Length: > 0 } path ? $"The body is not the JSON this command takes (at {path}, line {e.LineNumber + 1})." : "The body is not a JSON object this command takes.";

    /// <summary>The database (or the way to it) is down: no connection, a connection cut, a server shutting down or full.</summary>
    public static bool Unavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            switch (e)
            {
                case Npgsql.PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                    return true;
                case Npgsql.PostgresException:
                    return false; // the server answered: a real error of the statement
                case Npgsql.NpgsqlException or SocketException or TimeoutException:
                    return true;
            }
        return false;
    }
}
