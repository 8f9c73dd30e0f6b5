namespace Accountability.Tests.Integration;

/// <summary>The built service started with a setting that cannot work: one line naming it, a non-zero exit, no stack trace.</summary>
public sealed class StartupTests
{
    private static void AssertOneLine(int exitCode, string stdout, string stderr, string setting)
    {
        Assert.Equal(Accountability.Infrastructure.Settings.InvalidExitCode, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"accountability: setting {setting}: ", line);
        Assert.Equal("", stdout.Trim());
        Assert.DoesNotContain("Exception", stderr);
    }

    [Fact]
    public async Task A_missing_connection_string_stops_start_up_with_one_line_naming_it()
    {
        var (code, stdout, stderr) = await ServiceProcess.RunAsync(["run", "--urls", "http://127.0.0.1:0"], new ProcessCallers().Settings());
        AssertOneLine(code, stdout, stderr, "ConnectionStrings:Marten");
        Assert.Contains("ConnectionStrings__Marten", stderr); // says how to set it
    }

    [Fact]
    public async Task A_public_url_that_is_not_absolute_stops_a_production_start_with_one_line_naming_it()
    {
        var key = Path.GetTempFileName();
        try
        {
            // Everything else a production node needs is right; nothing is listening at the database's port.
            var (code, stdout, stderr) = await ServiceProcess.RunAsync(["run", "--urls", "http://127.0.0.1:0"], new()
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Marten"] = "Host=127.0.0.1;Port=1;Database=accountability",
                ["Auth__Authority"] = "https://sso.example.gov.vn/realms/province",
                ["Audit__SigningKeyFile"] = key,
                ["Audit__CheckpointFolder"] = Path.GetTempPath(),
                ["Notifications__PublicUrl"] = "accountability.example.gov.vn",
            });
            AssertOneLine(code, stdout, stderr, "Notifications:PublicUrl");
        }
        finally
        {
            File.Delete(key);
        }
    }
}
