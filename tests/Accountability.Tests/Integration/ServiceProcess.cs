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
        await service.WaitHealthyAsync();
        return service;
    }

    public HttpClient Client(string token) =>
        new() { BaseAddress = Address, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) }, Timeout = TimeSpan.FromSeconds(60) };

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
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

    private static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
