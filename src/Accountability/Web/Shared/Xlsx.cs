using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Accountability.Web.Shared;

public enum XlsxKind { Text, Integer, Date, Percent }

public sealed record XlsxColumn(string Header, XlsxKind Kind, double Width = 14);

/// <summary>
/// A real .xlsx of one sheet, as the office uses them: Vietnamese headers in bold, the header row frozen with
/// filters on, dates as dates (dd/mm/yyyy), rates as percentages, whole numbers as numbers.
/// </summary>
public static class Xlsx
{
    private const uint Header = 1, DateStyle = 2, PercentStyle = 3, IntegerStyle = 4, Wrapped = 5;

    public static byte[] Write(string sheetName, IReadOnlyList<XlsxColumn> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var count = 1;
            data.Append(new Row(columns.Select(c => TextCell(c.Header, Header))) { RowIndex = 1 });
            foreach (var values in rows)
            {
                count++;
                data.Append(new Row(columns.Select((c, i) => Cell(c.Kind, i < values.Count ? values[i] : null))) { RowIndex = (uint)count });
            }
            var last = ColumnName(columns.Count) + count;
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue>(["A2"]) })
                { WorkbookViewId = 0 }),
                new Columns(columns.Select((c, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = c.Width, CustomWidth = true })),
                data,
                new AutoFilter { Reference = $"A1:{last}" });
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
            // Excel's filter buttons need the sheet's hidden _FilterDatabase name.
            workbook.Workbook.AppendChild(new DefinedNames(new DefinedName($"'{sheetName}'!$A$1:${ColumnName(columns.Count)}${count}")
                { Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true }));
        }
        return stream.ToArray();
    }

    private static Cell Cell(XlsxKind kind, object? value) => (kind, value) switch
    {
        (_, null) => new Cell(),
        (XlsxKind.Date, DateOnly d) => Number(d.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
        (XlsxKind.Percent, double p) => Number(p, PercentStyle),
        (XlsxKind.Integer, int n) => Number(n, IntegerStyle),
        (XlsxKind.Integer, double n) => Number(n, IntegerStyle),
        _ => TextCell(value.ToString() ?? "", Wrapped),
    };

    private static Cell Number(double value, uint style) =>
        new() { CellValue = new CellValue(value), DataType = CellValues.Number, StyleIndex = style };

    // Inline strings: no shared-string table to keep, and every reader takes them.
    private static Cell TextCell(string text, uint style) =>
        new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style };

    public static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26) name = (char)('A' + (number - 1) % 26) + name;
        return name;
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true }, // 0.00%
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true }, // #,##0
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true })
        { Count = 6 });
}
