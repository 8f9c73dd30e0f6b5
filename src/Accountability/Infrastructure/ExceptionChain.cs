namespace Accountability.Infrastructure;

/// <summary>An exception and the ones inside it: Marten, Wolverine and HttpClient wrap what PostgreSQL or the socket said.</summary>
public static class ExceptionChain
{
    public static IEnumerable<Exception> Of(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
