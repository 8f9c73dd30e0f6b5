using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Accountability.Web.Shared;

/// <summary>An answer wrapped around another (a draft's answer with its ETag): the web app reads the inner one.</summary>
public interface IWrappedResult
{
    IResult Inner { get; }
}

/// <summary>
/// What an API handler answered, read back by a page that called the handler itself (no HTTP in between): the status,
/// the value, or the problem.
/// </summary>
public sealed record Answer(int Status, object? Value, ProblemDetails? Problem)
{
    public bool Ok => Problem is null && Status < 400;

    public T As<T>() => (T)Value!;

    /// <summary>
    /// A handler's answer, with what it throws for the caller's mistakes (a broken rule, a stale version: 4xx) read the
    /// way the API's exception handler reads them; the service's own failures (5xx) go on up.
    /// </summary>
    public static async Task<Answer> OfAsync(Func<Task<IResult>> call)
    {
        try
        {
            return Of(await call());
        }
        catch (Exception e) when (Infrastructure.ProblemExceptionHandler.Describe(e) is { Status: < 500 } described)
        {
            return new(described.Status, null, new ProblemDetails { Status = described.Status, Title = described.Title, Detail = described.Detail });
        }
    }

    public static Answer Of(IResult result) => result switch
    {
        IWrappedResult wrapped => Of(wrapped.Inner),
        ProblemHttpResult p => new(p.StatusCode, null, p.ProblemDetails),
        IValueHttpResult v => new((result as IStatusCodeHttpResult)?.StatusCode ?? 200, v.Value, null),
        IStatusCodeHttpResult s => new(s.StatusCode ?? 200, null, null),
        _ => throw new InvalidOperationException($"The web app cannot read a {result.GetType().Name}."),
    };
}
