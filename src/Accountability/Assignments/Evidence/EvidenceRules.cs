using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Accountability.Assignments.Evidence;

/// <summary>
/// A file an agency sent with a progress report or a completion, as its event records it: the name it is offered
/// under, the type its content was recognised as, its size and its SHA-256 (hex). The bytes are kept apart
/// (<see cref="EvidenceStore"/>); the hash in the event, which the audit chain covers, is what they are checked against.
/// </summary>
public sealed record EvidenceFile(Guid Id, string Name, string ContentType, long Size, string Sha256);

/// <summary>A file accepted for a report and its bytes, on their way into the report's transaction.</summary>
public sealed record EvidenceUpload(EvidenceFile File, byte[] Content);

public enum EvidenceKind { Pdf, Docx, Xlsx, Png, Jpeg }

/// <summary>
/// What evidence an agency may send: PDF, Word (.docx), Excel (.xlsx), PNG and JPEG, recognised by their content
/// (magic bytes; for .docx and .xlsx the OOXML package's [Content_Types].xml), never by the name or the declared
/// type; at most 20 MB each and 10 per report. Plain functions, no database.
/// </summary>
public static class EvidenceRules
{
    public const long MaxFileBytes = 20L * 1024 * 1024;
    public const int MaxFiles = 10;
    /// <summary>A report's whole multipart body: ten files at the limit and room for its fields and boundaries.</summary>
    public const long MaxRequestBytes = MaxFiles * MaxFileBytes + 1024 * 1024;
    /// <summary>A package's [Content_Types].xml is a few kilobytes; a bigger one is not read (a zip bomb stays shut).</summary>
    private const long MaxContentTypesBytes = 256 * 1024;
    private const int MaxNameLength = 120;

    public static string ContentType(EvidenceKind kind) => kind switch
    {
        EvidenceKind.Pdf => "application/pdf",
        EvidenceKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        EvidenceKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        EvidenceKind.Png => "image/png",
        _ => "image/jpeg",
    };

    private static string[] Extensions(EvidenceKind kind) => kind switch
    {
        EvidenceKind.Pdf => [".pdf"],
        EvidenceKind.Docx => [".docx"],
        EvidenceKind.Xlsx => [".xlsx"],
        EvidenceKind.Png => [".png"],
        _ => [".jpg", ".jpeg"],
    };

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>What the bytes are, or null when they are none of the kinds taken.</summary>
    public static EvidenceKind? Recognise(byte[] content)
    {
        var head = content.AsSpan();
        if (head.StartsWith("%PDF-"u8)) return EvidenceKind.Pdf;
        if (head.StartsWith(Png)) return EvidenceKind.Png;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return EvidenceKind.Jpeg;
        if (head.StartsWith("PK\x03\x04"u8)) return OfficePackage(content);
        return null;
    }

    // The package's main part decides, as Word and Excel decide: a macro-enabled .docm or .xlsm names another main
    // type and is refused, whatever it is called.
    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private const string ExcelMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

    private static EvidenceKind? OfficePackage(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > MaxContentTypesBytes) return null;
            using var stream = types.Open();
            using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxContentTypesBytes });
            var mains = new HashSet<string>(StringComparer.Ordinal);
            while (xml.Read())
                if (xml is { NodeType: XmlNodeType.Element, LocalName: "Override" } && xml.GetAttribute("ContentType") is { } type)
                    mains.Add(type);
            return mains.Contains(WordMain) ? EvidenceKind.Docx : mains.Contains(ExcelMain) ? EvidenceKind.Xlsx : null;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException)
        {
            return null; // not a zip, a broken one, or a content-types part that is not XML
        }
    }

    /// <summary>
    /// The name the file is offered under: the last part of what was sent (no folders), without control and
    /// direction characters or those Windows refuses in a name, NFC, at most 120 characters, and ending with its
    /// kind's extension (a PDF sent as "bao-cao.exe" is "bao-cao.exe.pdf").
    /// </summary>
    public static string SafeName(string? given, EvidenceKind kind)
    {
        var name = (given ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var kept = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 or 0x200E or 0x200F) continue;
            kept.Append(rune.Value is '"' or '*' or ':' or '<' or '>' or '?' or '|' ? "_" : rune.ToString());
        }
        var clean = kept.ToString().Trim().Trim('.').Trim();
        var extensions = Extensions(kind);
        var extension = extensions.FirstOrDefault(e => clean.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ?? "";
        var stem = clean[..^extension.Length].TrimEnd('.', ' ');
        if (stem.Length == 0) stem = "tep-dinh-kem";
        var ending = extension.Length > 0 ? clean[^extension.Length..] : extensions[0];
        var runes = stem.EnumerateRunes().Take(MaxNameLength - ending.Length).Select(r => r.ToString());
        return string.Concat(runes) + ending;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Why a file is refused: 415 when it is not a kind taken, 413 over a limit; null when it is taken.</summary>
    public static EvidenceRefusal? Check(string? name, long length) =>
        length > MaxFileBytes
            ? new(413, "File too large", $"'{name}' is {length / 1024.0 / 1024.0:0.#} MB; each file may be at most {MaxFileBytes / 1024 / 1024} MB.")
            : length == 0 ? new(415, "Not an accepted file type", $"'{name}' is empty; send a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file.") : null;

    public static EvidenceRefusal TooMany(int count) =>
        new(413, "Too many files", $"{count} files were sent; a report may carry at most {MaxFiles}.");

    public static EvidenceRefusal NotAccepted(string? name) =>
        new(415, "Not an accepted file type", $"'{name}' is not a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file by its content (whatever its name says).");

    /// <summary>A file taken: its id, safe name, recognised type, size and hash.</summary>
    public static EvidenceUpload Accept(Guid id, string? name, EvidenceKind kind, byte[] content) =>
        new(new EvidenceFile(id, SafeName(name, kind), ContentType(kind), content.LongLength, Sha256(content)), content);
}

/// <summary>A file or a set of files refused, with the HTTP status that says why (413 or 415).</summary>
public sealed record EvidenceRefusal(int Status, string Title, string Detail);
