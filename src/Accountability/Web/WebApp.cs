using Accountability.Web.Layout;

namespace Accountability.Web;

/// <summary>
/// The office's web app, served by the service at /: Blazor static server rendering (pages are plain HTML and
/// forms, no script needed), in Vietnamese. Pages call the same handlers and queries as the API (docs/web.md).
/// </summary>
public static class WebApp
{
    public static void AddWebApp(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        // Vietnamese letters as they are, not as &#x1EA1; entities: a third of the bytes of a long table.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "accountability-af");
    }

    public static void MapWebApp(this WebApplication app)
    {
        app.MapRazorComponents<App>();
        app.MapGet("/web/site.css", () => Results.Text(Stylesheet.Value, "text/css; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapWebSignOut();
        Screens.ExcelDownloads.Map(app);
        Screens.Audit.CheckpointFiles.Map(app);
        Screens.Agency.EvidenceDownload.Map(app);
    }

    // The stylesheet ships inside the assembly: the service is one file tree wherever it runs (tests, container).
    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(WebApp).Assembly.GetManifestResourceStream("Accountability.Web.site.css")!;
        return new StreamReader(stream).ReadToEnd();
    });
}
