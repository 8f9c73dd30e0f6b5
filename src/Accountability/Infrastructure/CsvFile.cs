using System.Globalization;
using System.Text;
using CsvHelper;

namespace Accountability.Infrastructure;

/// <summary>
/// CSV downloads for auditors: UTF-8 with a byte-order mark, so Excel shows Vietnamese text intact
/// (without the mark it guesses the ANSI code page and "Sở Y tế" turns into "Sá»Ÿ Y táº¿"). Text that a spreadsheet
/// would run as a formula (a decline reason "=HYPERLINK(…)") is neutralised as OWASP recommends.
/// </summary>
public static class CsvFile
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static IResult Of(string fileName, Action<CsvWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions(), leaveOpen: false))
        {
            write(csv);
        }
        return Results.File(buffer.ToArray(), ContentType, fileName);
    }

    /// <summary>Writes one row of fields.</summary>
    public static void Row(this CsvWriter csv, params object?[] fields)
    {
        foreach (var f in fields) csv.WriteField(Cell(f));
        csv.EndRecord();
    }

    /// <summary>
    /// A field as a cell. Numbers and dates as written; text starting with =, +, -, @, a tab or a carriage return gets
    /// a leading apostrophe, so Excel or LibreOffice show it as text instead of running it (CSV injection, OWASP).
    /// </summary>
    public static string Cell(object? field) => field switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => Neutralised(field.ToString() ?? ""),
    };

    public static string Neutralised(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
