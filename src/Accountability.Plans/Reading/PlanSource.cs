using System.Text;

namespace Accountability.Plans.Reading;

/// <summary>
/// Turns the bytes of an uploaded plan into a <see cref="SourceDocument"/>, choosing the reader by the content
/// (never by the name alone), or refuses it with a one-line reason. Text is decoded strictly: NFC, LF line ends,
/// no byte-order mark, no invisible characters.
/// </summary>
public static class PlanSource
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SourceDocument ReadDocument(byte[] bytes, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
            throw new PlanReadException("The document is empty.");
        if (IsZip(bytes))
            return DocxSource.Read(bytes);
        if (IsPdf(bytes))
            return PdfSource.Read(bytes);
        if (StartsWith(bytes, OleSignature))
            return LegacyWordSource.Read(bytes);

        var text = DecodeText(bytes, fileName);
        if (HtmlSource.LooksLikeHtml(text))
            return HtmlSource.Read(text);
        return TextSource.Read(Normalize(text), Path.GetExtension(fileName ?? "").TrimStart('.').ToLowerInvariant() is "md" ? "markdown" : "text");
    }

    /// <summary>
    /// The document as text: text and markdown as they are (normalised), every other format as
    /// <see cref="SourceDocument.ToPlainText"/> of what its reader found.
    /// </summary>
    public static string ReadText(byte[] bytes, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
            throw new PlanReadException("The document is empty.");
        if (IsZip(bytes) || IsPdf(bytes) || StartsWith(bytes, OleSignature))
            return ReadDocument(bytes, fileName).ToPlainText();
        var text = DecodeText(bytes, fileName);
        return HtmlSource.LooksLikeHtml(text) ? HtmlSource.Read(text).ToPlainText() : Normalize(text);
    }

    /// <summary>Text bytes (UTF-8, or UTF-16 with its byte-order mark) as a string, or a one-line refusal.</summary>
    private static string DecodeText(byte[] bytes, string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (extension == ".docx")
            throw new PlanReadException("The file is named .docx but is not a Word document (it is not a ZIP package).");

        string text;
        if (StartsWith(bytes, [0xFF, 0xFE]))
            text = Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        else if (StartsWith(bytes, [0xFE, 0xFF]))
            text = Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        else
        {
            if (LooksBinary(bytes))
                throw new PlanReadException("The file is binary, not text; send the plan as .txt, .md, .html, .docx or .pdf.");
            var offset = StartsWith(bytes, [0xEF, 0xBB, 0xBF]) ? 3 : 0;
            try
            {
                text = StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
            }
            catch (DecoderFallbackException)
            {
                throw new PlanReadException(LegacyEncoding.LooksLikeLegacyVietnamese(bytes)
                    ? "The text is in a legacy Vietnamese 8-bit encoding (TCVN3/ABC or VNI), not Unicode; convert it to Unicode UTF-8 (e.g. with Unikey's converter) and send it again."
                    : "The text is not valid UTF-8; save the plan as UTF-8 and send it again.");
            }
        }

        if (text.AsSpan().IndexOfAny('\0', '\u0001') >= 0)
            throw new PlanReadException("The file is binary, not text; send the plan as .txt, .md, .html, .docx or .pdf.");

        var normalized = Normalize(text);
        if (normalized.Trim().Length == 0)
            throw new PlanReadException("The document is empty.");
        if (LegacyEncoding.LooksLikeLegacyVietnameseText(normalized))
            throw new PlanReadException("The text was typed in a legacy Vietnamese font encoding (TCVN3/ABC or VNI) and shows as garbled letters; convert it to Unicode (e.g. with Unikey's converter) and send it again.");
        return normalized;
    }

    /// <summary>NFC, LF line ends, plain spaces; removes invisible characters Word and web pages leave behind.</summary>
    public static string Normalize(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
            text = text[1..];
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r':
                    sb.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    break;
                case '\u2028' or '\u2029' or '\f' or '\v':
                    sb.Append('\n');
                    break;
                case '\t' or '\u00A0' or '\u2007' or '\u202F' or '\u2002' or '\u2003' or '\u2009':
                    sb.Append(' ');
                    break;
                case '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD':
                    break;
                // Control characters and bidirectional controls carry nothing a plan says, and a task or name
                // holding them could be shown reversed or hidden to the people who must act on it.
                case < ' ' and not '\n':
                case '\u200E' or '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u061C':
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static ReadOnlySpan<byte> OleSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static bool IsZip(byte[] bytes) => StartsWith(bytes, [0x50, 0x4B, 0x03, 0x04]);

    /// <summary>"%PDF-" within the first kilobyte, where readers accept it (some generators put bytes before it).</summary>
    private static bool IsPdf(byte[] bytes) => bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) >= 0;

    private static bool StartsWith(byte[] bytes, ReadOnlySpan<byte> prefix) => bytes.AsSpan().StartsWith(prefix);

    private static bool LooksBinary(byte[] bytes)
    {
        var sample = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        var control = 0;
        foreach (var b in sample)
        {
            if (b == 0) return true;
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C)) control++;
        }
        return control > sample.Length / 100 + 1;
    }
}
