using System.IO.Compression;
using System.Xml;

namespace Accountability.Plans.Reading;

/// <summary>
/// The safety gate in front of the Open XML SDK: a .docx is a ZIP, and a small upload can expand to gigabytes
/// (a decompression bomb). The package is read here first, with System.IO.Compression, and refused with a
/// <see cref="PlanTooLargeException"/> before anything is parsed when it has too many entries, when the XML
/// parts it would read declare more than <see cref="MaxXmlBytes"/>, or when one of them is compressed absurdly
/// well. Declared sizes can lie, so those parts are then decompressed with the bytes counted as they come, and
/// each is checked as XML without a DTD, with a nesting and a size limit. What reaches the SDK is a clean copy:
/// the checked XML parts, and empty stand-ins for pictures and other parts the reader never opens.
/// </summary>
internal static class DocxPackage
{
    public const long MaxXmlBytes = 50L * 1024 * 1024;
    public const int MaxEntries = 2000;
    public const int MaxDepth = 256;
    private const double MaxRatio = 100;
    private const long RatioCheckedFrom = 1024 * 1024;

    private static readonly XmlReaderSettings XmlLimits = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxXmlBytes,
        MaxCharactersFromEntities = 1024,
        IgnoreWhitespace = true,
        IgnoreComments = true,
    };

    /// <summary>A copy of the package that is safe to open, or a refusal.</summary>
    public static MemoryStream CleanCopy(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        var entries = zip.Entries;
        if (entries.Count > MaxEntries)
            throw new PlanTooLargeException($"The .docx has more than {MaxEntries:N0} parts; it is refused as a decompression bomb.");
        var xml = entries.Where(IsXml).ToList();
        if (xml.Sum(e => e.Length) > MaxXmlBytes)
            throw TooMuchXml();
        foreach (var entry in xml)
        {
            var ratio = entry.CompressedLength == 0 ? double.PositiveInfinity : (double)entry.Length / entry.CompressedLength;
            if (entry.Length > RatioCheckedFrom && ratio > MaxRatio)
                throw new PlanTooLargeException($"A part of the .docx is compressed more than {MaxRatio:0}:1; it is refused as a decompression bomb.");
        }

        var output = new MemoryStream();
        using (var clean = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            long expanded = 0;
            foreach (var entry in entries)
            {
                if (entry.FullName.EndsWith('/')) continue; // a folder
                var copy = clean.CreateEntry(entry.FullName, CompressionLevel.NoCompression);
                if (!IsXml(entry)) continue; // an empty stand-in
                var content = Expand(entry, ref expanded);
                Check(content);
                using var target = copy.Open();
                target.Write(content);
            }
        }
        output.Position = 0;
        return output;
    }

    private static PlanTooLargeException TooMuchXml() =>
        new($"The .docx expands to more than {MaxXmlBytes / (1024 * 1024)} MB of XML; it is refused as a decompression bomb.");

    private static bool IsXml(ZipArchiveEntry entry) =>
        entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    /// <summary>The entry's bytes, counted as they are decompressed: the declared size is not trusted.</summary>
    private static byte[] Expand(ZipArchiveEntry entry, ref long expanded)
    {
        using var source = entry.Open();
        using var content = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            expanded += read;
            if (expanded > MaxXmlBytes) throw TooMuchXml();
            content.Write(buffer, 0, read);
        }
        return content.ToArray();
    }

    /// <summary>Well-formed XML without a DTD, nested at most <see cref="MaxDepth"/> levels.</summary>
    private static void Check(byte[] content)
    {
        if (content.Length == 0) return;
        // A DTD or broken XML throws XmlException: the caller refuses the package as unreadable.
        using var reader = XmlReader.Create(new MemoryStream(content, writable: false), XmlLimits);
        while (reader.Read())
            if (reader.Depth > MaxDepth)
                throw new PlanTooLargeException($"The .docx nests its XML deeper than {MaxDepth} levels; it is refused.");
    }
}
