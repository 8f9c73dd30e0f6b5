using System.Globalization;

namespace Accountability.Plans.Reading;

/// <summary>
/// Scanned PDFs: each page is rasterised by pdftoppm (300 dpi, grey) and read by tesseract with its Vietnamese
/// model, pages in parallel. Lines come from tesseract's own block/paragraph/line numbering, a new paragraph gives
/// <see cref="SourceLine.BlankBefore"/>, and the mean word confidence goes into the document's notes
/// ("ocr:confidence=0.91"). The work is bounded: at most <see cref="MaxPages"/> pages, a time limit per page and
/// for the whole document, the converters killed when a limit passes, and the temporary images deleted.
/// </summary>
internal static class OcrSource
{
    public const int MaxPages = 100;

    private static readonly TimeSpan RasterTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan DocumentTimeout = TimeSpan.FromMinutes(20);

    private const string NotInstalled =
        "This PDF is a scan; reading it needs OCR (Debian packages tesseract-ocr and tesseract-ocr-vie), which is not installed here.";

    // One OCR engine thread per process: the pages already run in parallel, one per core.
    private static readonly Dictionary<string, string> SingleThreaded = new() { ["OMP_THREAD_LIMIT"] = "1" };

    public static SourceDocument Read(byte[] pdf, int pageCount, CancellationToken cancellation) =>
        ReadAsync(pdf, pageCount, cancellation).GetAwaiter().GetResult();

    public static async Task<SourceDocument> ReadAsync(byte[] pdf, int pageCount, CancellationToken cancellation)
    {
        if (pageCount > MaxPages)
            throw new PlanTooLargeException($"The scanned PDF has more than {MaxPages} pages, the most OCR reads; send the plan as .docx or as a text PDF.");
        var pdftoppm = ExternalProcess.Find("pdftoppm") ?? throw new PlanReadException(NotInstalled);
        var tesseract = ExternalProcess.Find("tesseract") ?? throw new PlanReadException(NotInstalled);
        await RequireVietnamese(tesseract, cancellation).ConfigureAwait(false);

        using var temp = new TempFolder("ocr");
        var input = temp.File("scan.pdf");
        await File.WriteAllBytesAsync(input, pdf, cancellation).ConfigureAwait(false);

        var pages = new LaidOutPage[pageCount];
        var confidences = new List<double>[pageCount];
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(DocumentTimeout);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = limit.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(1, pageCount), options, async (number, token) =>
            {
                var image = temp.File($"page-{number}");
                var page = number.ToString(CultureInfo.InvariantCulture);
                var raster = await ExternalProcess.RunAsync(pdftoppm,
                    ["-r", "300", "-gray", "-png", "-f", page, "-l", page, "-singlefile", input, image], RasterTimeout, token).ConfigureAwait(false);
                if (raster.ExitCode != 0 || !File.Exists(image + ".png"))
                    throw new PlanReadException("The scanned PDF is damaged: a page could not be turned into an image for OCR.");
                var ocr = await ExternalProcess.RunAsync(tesseract,
                    [image + ".png", "-", "-l", "vie", "--psm", "4", "tsv"], PageTimeout, token, SingleThreaded).ConfigureAwait(false);
                File.Delete(image + ".png");
                if (ocr.ExitCode != 0)
                    throw new PlanReadException($"OCR failed on page {number} of the scanned PDF.");
                (pages[number - 1], confidences[number - 1]) = ReadTsv(ocr.Output);
            }).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new PlanReadException($"OCR of the scanned PDF took longer than {PageTimeout.TotalSeconds:0} s for one page; send the plan as .docx or as a text PDF.");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new PlanReadException($"OCR of the scanned PDF took longer than {DocumentTimeout.TotalMinutes:0} minutes; send the plan as .docx or as a text PDF.");
        }

        var words = confidences.SelectMany(c => c).ToList();
        if (words.Count == 0)
            throw new PlanReadException("The PDF is a scan and OCR found no text in it.");
        var mean = words.Average() / 100;
        return PageLayout.ToDocument(pages, "pdf-ocr", [$"ocr:confidence={mean.ToString("0.00", CultureInfo.InvariantCulture)}"]);
    }

    private static async Task RequireVietnamese(string tesseract, CancellationToken cancellation)
    {
        ExternalProcess.Result languages;
        try
        {
            languages = await ExternalProcess.RunAsync(tesseract, ["--list-langs"], TimeSpan.FromSeconds(30), cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new PlanReadException(NotInstalled);
        }
        var listed = (languages.Output + "\n" + languages.Error).Split('\n', StringSplitOptions.TrimEntries);
        if (!listed.Contains("vie")) throw new PlanReadException(NotInstalled);
    }

    /// <summary>
    /// Tesseract's TSV: a row per page, block, paragraph, line and word (level 1–5) with its box and, for words,
    /// the confidence (0–100, -1 for non-words). Lines are kept in tesseract's order.
    /// </summary>
    internal static (LaidOutPage Page, List<double> Confidences) ReadTsv(string tsv)
    {
        var confidences = new List<double>();
        var lines = new List<(string Key, string Paragraph, List<(string Text, double Left, double Top, double Right, double Bottom)> Words)>();
        double width = 0, height = 0;
        foreach (var row in tsv.Split('\n'))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || !int.TryParse(f[0], out var level)) continue; // the header and blank rows
            if (!double.TryParse(f[6], NumberStyles.Float, CultureInfo.InvariantCulture, out var left)
                || !double.TryParse(f[7], NumberStyles.Float, CultureInfo.InvariantCulture, out var top)
                || !double.TryParse(f[8], NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
                || !double.TryParse(f[9], NumberStyles.Float, CultureInfo.InvariantCulture, out var h))
                continue;
            if (level == 1) { (width, height) = (Math.Max(width, left + w), Math.Max(height, top + h)); continue; }
            if (level != 5) continue;
            var text = string.Join('\t', f[11..]).Trim();
            if (text.Length == 0) continue;
            if (double.TryParse(f[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence) && confidence >= 0)
                confidences.Add(confidence);
            var paragraph = $"{f[2]}/{f[3]}";
            var key = $"{paragraph}/{f[4]}";
            if (lines.Count == 0 || lines[^1].Key != key) lines.Add((key, paragraph, []));
            lines[^1].Words.Add((text, left, top, left + w, top + h));
        }

        var page = new LaidOutPage(width, height);
        for (var i = 0; i < lines.Count; i++)
        {
            var (_, paragraph, words) = lines[i];
            var text = new StyledText();
            foreach (var word in words)
            {
                if (text.HasText) text.Append(" ", false, false);
                text.Append(word.Text, false, false);
            }
            var blank = i > 0 && lines[i - 1].Paragraph != paragraph;
            page.Blocks.Add(new PageText(text.Take().Text, LineStyle.None, words.Min(x => x.Left), words.Max(x => x.Right),
                words.Min(x => x.Top), words.Max(x => x.Bottom), blank));
        }
        return (page, confidences);
    }
}
