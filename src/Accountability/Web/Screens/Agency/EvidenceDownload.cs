using Accountability.Assignments.Evidence;

namespace Accountability.Web.Screens.Agency;

/// <summary>
/// An evidence file from the web app: the API's download (who may read it, the hash checked, nosniff) under the
/// browser's session instead of a token.
/// </summary>
public static class EvidenceDownload
{
    public static string Href(Guid assignmentId, Guid fileId) => $"/nhiem-vu/{assignmentId}/tep/{fileId}";

    public static void Map(WebApplication app) =>
        app.MapGet("/nhiem-vu/{id:guid}/tep/{fileId:guid}", EvidenceEndpoints.Download).RequireAuthorization().ExcludeFromDescription();
}
