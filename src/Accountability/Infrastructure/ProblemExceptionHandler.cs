using Accountability.Assignments;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Accountability.Infrastructure;

/// <summary>Turns rule breaks and stale versions into RFC 7807 answers a clerk can act on, never a 500.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title) = exception switch
        {
            AssignmentRuleBroken => (StatusCodes.Status409Conflict, "The request breaks a rule of the assignment"),
            NoSuchAssignment => (StatusCodes.Status404NotFound, NoSuchAssignment.Title),
            NotYourAssignment => (StatusCodes.Status403Forbidden, "Not your agency's"),
            StaleVersion => (StatusCodes.Status409Conflict, "Stale version"),
            JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
                => (StatusCodes.Status409Conflict, "Someone else changed this first; reload and try again"),
            Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected }
                => (StatusCodes.Status409Conflict, "Someone else changed this at the same moment; try again"),
            ArgumentException => (StatusCodes.Status400BadRequest, "The request is not valid"),
            // Kestrel's body limit on a body sent without a length.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Too large"),
            _ => (0, ""),
        };
        if (status == 0) return false;
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = exception.Message },
        });
    }
}
