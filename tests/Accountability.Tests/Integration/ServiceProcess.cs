using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Npgsql;

namespace Accountability.Tests.Integration;

/// <summary>
/// The built service as its own process (what ops/accountability serve runs), on a database of its own, so a test
/// can kill it with SIGKILL and start it again, or run two of them side by side.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    public Uri Address { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>An empty database for these tests, beside the collection's own.</summary>
    public static async Task<string> FreshDatabaseAsync(string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")) { Database = "postgres" };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }
        builder.Database = name;
        return builder.ConnectionString;
    }

    public static async Task<ServiceProcess> StartAsync(string connection, string tokenKey, Dictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Accountability.dll"), "run", "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(a);
        // Development: the tests sign their tokens with a development key, which production refuses.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Marten"] = connection;
        start.Environment["Auth__DevelopmentKey"] = tokenKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Notifications__AllowPrivateWebhooks"] = "true"; // the tests' receivers listen on 127.0.0.1
        // Instances on one database share the audit keys, as they would in production.
        var keys = Path.Combine(Path.GetTempPath(), "accountability-test-keys", new NpgsqlConnectionStringBuilder(connection).Database ?? "default");
        start.Environment["Audit__SigningKeyFile"] = Path.Combine(keys, "audit-signing-key.pem");
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { lock (service._log) service._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (service._log) service._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitHealthyAsync();
        }
        catch
        {
            await service.DisposeAsync(); // no process left behind by a start that failed
            throw;
        }
        return service;
    }

    public HttpClient Client(string token) =>
        new() { BaseAddress = Address, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) }, Timeout = TimeSpan.FromSeconds(60) };

    private async Task WaitHealthyAsync()
    {
        // Generous: on a loaded machine the first request waits for the endpoints' generated code to compile.
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The service did not become healthy:\n{Log}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, as when the machine loses power.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>
    /// The built program run once as a command (backup, restore, audit-key, or a start refused for its settings):
    /// its exit code and what it wrote. Nothing of the test process's configuration is passed on but PATH and HOME.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, Dictionary<string, string> environment, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Accountability.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.Where(k => k is not ("PATH" or "HOME" or "DOTNET_ROOT")).ToList()) start.Environment.Remove(key);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' did not finish within {timeoutSeconds} s:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
