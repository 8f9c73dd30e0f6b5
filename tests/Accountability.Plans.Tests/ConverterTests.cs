using System.Diagnostics;
using Accountability.Plans.Reading;
using Xunit.Abstractions;

namespace Accountability.Plans.Tests;

/// <summary>Tests that run the external converters (OCR, LibreOffice) use every core: they run alone, after the rest.</summary>
[CollectionDefinition(nameof(ConverterTests), DisableParallelization = true)]
public class ConverterTestsCollection;

/// <summary>The readers that run other programs: OCR for scanned PDFs, LibreOffice for old .doc files.</summary>
[Collection(nameof(ConverterTests))]
public class ConverterTests(ITestOutputHelper output)
{
    [Fact]
    public void A_scanned_pdf_is_read_by_ocr()
    {
        var seed = "bo-ldtbxh-629-QD-LDTBXH.txt";
        var sw = Stopwatch.StartNew();
        var document = PlanSource.ReadDocument(TestFiles.Fixture("bo-ldtbxh-629-QD-LDTBXH.scan.pdf"), "scan.pdf");
        var similarity = WordSequence.Similarity(TestFiles.SeedText(seed), document.ToPlainText());
        output.WriteLine($"OCR of 3 pages: {sw.Elapsed.TotalSeconds:0.0} s, {similarity:P2} of the words in order, {string.Join(", ", document.Notes)}");
        Assert.Equal("pdf-ocr", document.Format);
        var note = Assert.Single(document.Notes, n => n.StartsWith("ocr:confidence=", StringComparison.Ordinal));
        Assert.InRange(double.Parse(note["ocr:confidence=".Length..], System.Globalization.CultureInfo.InvariantCulture), 0.8, 1.0);
        Assert.True(similarity >= 0.90, $"{similarity:P2}");
        Assert.Contains(document.Blocks.OfType<SourceLine>(), l => l.Text.StartsWith("I. MỤC ĐÍCH", StringComparison.Ordinal));
    }

    [Fact]
    public void An_old_word_file_is_converted_by_libreoffice_or_refused_with_what_to_do()
    {
        var bytes = TestFiles.Fixture("appendix.doc");
        if (ExternalProcess.Find("soffice") is null && ExternalProcess.Find("libreoffice") is null)
        {
            var e = Assert.Throws<PlanReadException>(() => PlanSource.ReadDocument(bytes, "plan.doc"));
            Assert.Equal("This is an old Word (.doc) file; LibreOffice is not installed here to convert it, so save it as .docx and send that.", e.Message);
            return;
        }
        var document = PlanSource.ReadDocument(bytes, "plan.doc");
        Assert.Equal("doc", document.Format);
        TestDocx.AssertAppendix(Assert.Single(document.Blocks.OfType<SourceTable>()));
    }
}
