using Microsoft.AspNetCore.Mvc;

namespace Accountability.Assignments.Evidence;

/// <summary>
/// Reads a report's multipart form and its files, and says which are refused before anything is stored: the form's
/// limits (<see cref="EvidenceRules"/>) are the endpoint's own (request size, each part's length), files are spooled to
/// disk by ASP.NET Core while the form is read, and the bytes come into memory only once every file passed the size
/// and count checks, for two reports at a time (<see cref="Gate"/>), so a stream of hostile uploads cannot exhaust memory.
/// </summary>
public static class EvidenceUploads
{
    /// <summary>At most two reports hold their files in memory at once (200 MB each at worst); the others wait their turn.</summary>
    public static readonly SemaphoreSlim Gate = new(2, 2);

    /// <summary>The endpoint metadata that sets its body and form limits (the routing middleware applies them).</summary>
    public static object[] Limits =>
    [
        new RequestSizeLimitAttribute(EvidenceRules.MaxRequestBytes),
        new RequestFormLimitsAttribute { MultipartBodyLengthLimit = EvidenceRules.MaxFileBytes, ValueCountLimit = 64 },
    ];

    /// <summary>The form, or the problem (400, 413, 415) that says why it cannot be read.</summary>
    public static async Task<(IFormCollection? Form, IResult? Problem)> FormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return (null, Problem(new(415, "Unsupported content type", "Send a report with files as multipart/form-data, or without files as application/json.")));
        try
        {
            return (await request.ReadFormAsync(ct), null);
        }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(new(413, "File too large", $"A file is over {EvidenceRules.MaxFileBytes / 1024 / 1024} MB; each file may be at most that.")));
        }
        catch (InvalidDataException e) when (e.Message.Contains("count limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(EvidenceRules.TooMany(EvidenceRules.MaxFiles + 1)));
        }
        catch (InvalidDataException)
        {
            return (null, Problem(new(415, "Unsupported content type", "A multipart/form-data body needs its boundary; send the files as form fields named 'files'.")));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problem(new(413, "Too large", $"The report is over {EvidenceRules.MaxRequestBytes / 1024 / 1024} MB; send at most {EvidenceRules.MaxFiles} files of {EvidenceRules.MaxFileBytes / 1024 / 1024} MB.")));
        }
    }

    /// <summary>
    /// Every file of the form checked by count, size and content, or the first refusal. Call inside <see cref="Gate"/>:
    /// the accepted files' bytes are read into memory for the report's transaction.
    /// </summary>
    public static async Task<(IReadOnlyList<EvidenceUpload> Files, IResult? Problem)> FilesAsync(IFormFileCollection files, CancellationToken ct)
    {
        var sent = files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList(); // a browser sends an empty part for "no file chosen"
        if (sent.Count > EvidenceRules.MaxFiles) return ([], Problem(EvidenceRules.TooMany(sent.Count)));
        foreach (var f in sent)
            if (EvidenceRules.Check(f.FileName, f.Length) is { } refused) return ([], Problem(refused));
        var accepted = new List<EvidenceUpload>(sent.Count);
        foreach (var f in sent)
        {
            var content = new byte[f.Length];
            await using (var stream = f.OpenReadStream()) await stream.ReadExactlyAsync(content, ct);
            if (EvidenceRules.Recognise(content) is not { } kind) return ([], Problem(EvidenceRules.NotAccepted(f.FileName)));
            accepted.Add(EvidenceRules.Accept(Guid.NewGuid(), f.FileName, kind, content));
        }
        return (accepted, null);
    }

    public static IResult Problem(EvidenceRefusal refusal) =>
        Results.Problem(new ProblemDetails { Status = refusal.Status, Title = refusal.Title, Detail = refusal.Detail });
}
