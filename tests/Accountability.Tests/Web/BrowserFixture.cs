using System.Security.Cryptography;
using Accountability.Tests.Integration;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Accountability.Tests.Web;

/// <summary>
/// The real service as its own process (Kestrel on a free port, Development, over a database of its own on the test
/// PostgreSQL) and Debian's Chromium driven by Playwright. Screenshots go to $ACCOUNTABILITY_WEB_SCREENSHOTS when set
/// (docs/web), else beside the tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public ServiceProcess Service { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public TestSmtpServer Smtp { get; } = TestSmtpServer.Start();
    private IPlaywright _playwright = null!;
    private readonly Microsoft.IdentityModel.Tokens.SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>An API client for setting the stage (a plan issued through POST /api/plans), as the coordinator.</summary>
    public HttpClient Api() => Service.Client(Accountability.Security.Authentication.IssueDevelopmentToken(
        _key, Accountability.Security.Roles.Coordinator, null, null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));

    public string Screenshots { get; } = Environment.GetEnvironmentVariable("ACCOUNTABILITY_WEB_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"The browser tests need Debian's Chromium at {Chromium}: ops/test installs it (apt-get install chromium).");
        var connection = await ServiceProcess.FreshDatabaseAsync("accountability_web");
        // Notices are e-mailed to a real SMTP server in the test process, so the auditor's timeline shows deliveries.
        Service = await ServiceProcess.StartAsync(connection, Convert.ToBase64String(_key.Key), new()
        {
            ["Notifications__Smtp__Host"] = "127.0.0.1", ["Notifications__Smtp__Port"] = Smtp.Port.ToString(),
            ["Notifications__Smtp__From"] = "Văn phòng UBND tỉnh <theo-doi@example.gov.vn>", ["Notifications__Smtp__UseTls"] = "false",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A fresh browser session (no cookie) on an office laptop's screen, in Vietnam.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 768)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Service.Address.ToString(), ViewportSize = new() { Width = width, Height = height },
            Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh", AcceptDownloads = true,
        });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on /dang-nhap as a role (and an agency), the way a person does.</summary>
    public static async Task SignInAsync(IPage page, string role, string? agency = null)
    {
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap"));
        await page.GetByLabel("Vai trò").SelectOptionAsync(new SelectOptionValue { Label = role });
        if (agency is not null) await page.GetByLabel("Cơ quan", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = agency });
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap"));
    }

    /// <summary>The screen passes axe with no critical or serious violation; then its screenshot is kept.</summary>
    public async Task CheckScreenAsync(IPage page, string name, bool fullPage = false)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "critical" or "serious")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(bad.Count == 0, $"{name}: accessibility violations:\n{string.Join("\n", bad)}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = fullPage });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Service.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
