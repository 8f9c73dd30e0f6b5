namespace Accountability.Plans.Reading;

/// <summary>
/// Old Word .doc files (an OLE compound file) are still what many offices send. No well-kept .NET library reads
/// them, so LibreOffice converts them to .docx (headless, its own profile in a private temporary folder, killed
/// after a time limit) and <see cref="DocxSource"/> reads the result, with the same limits as any upload.
/// </summary>
internal static class LegacyWordSource
{
    private static readonly TimeSpan ConvertTimeout = TimeSpan.FromSeconds(120);

    public static SourceDocument Read(byte[] bytes, CancellationToken cancellation = default)
    {
        var soffice = ExternalProcess.Find("soffice") ?? ExternalProcess.Find("libreoffice")
            ?? throw new PlanReadException("This is an old Word (.doc) file; LibreOffice is not installed here to convert it, so save it as .docx and send that.");

        using var temp = new TempFolder("doc");
        var input = temp.File("plan.doc");
        File.WriteAllBytes(input, bytes);
        ExternalProcess.Result result;
        try
        {
            result = ExternalProcess.RunAsync(soffice,
                [$"-env:UserInstallation={new Uri(temp.File("profile")).AbsoluteUri}", "--headless", "--norestore",
                 "--convert-to", "docx", "--outdir", temp.Path, input],
                ConvertTimeout, cancellation).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new PlanReadException($"Converting the old Word (.doc) file took longer than {ConvertTimeout.TotalSeconds:0} s; save it as .docx and send that.");
        }
        var output = temp.File("plan.docx");
        if (result.ExitCode != 0 || !File.Exists(output))
            throw new PlanReadException("The old Word (.doc) file could not be converted; save it as .docx and send that.");
        return DocxSource.Read(File.ReadAllBytes(output), "doc");
    }
}
