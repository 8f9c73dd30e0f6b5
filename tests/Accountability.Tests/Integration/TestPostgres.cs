using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Accountability.Tests.Integration;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb, pg_ctl from PATH, as ops/lib/postgres.sh uses them), which a test
/// may stop and start again without touching the cluster every other test runs on. Run as the postgres user when
/// the tests run as root, since the server refuses root.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly int _port;

    private TestPostgres(string folder, int port)
    {
        _folder = folder;
        _port = port;
    }

    private string Data => Path.Combine(_folder, "data");

    public static async Task<TestPostgres> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"accountability-test-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var cluster = new TestPostgres(folder, port);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres:", folder);
        await cluster.AsOwnerAsync("initdb", "-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>A new database on this cluster, as a connection string.</summary>
    public async Task<string> DatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false"))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }
        return $"Host=127.0.0.1;Port={_port};Username=postgres;Database={name}";
    }

    public Task StartServerAsync() => AsOwnerAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {_folder} -c fsync=off", "start");

    /// <summary>A fast shutdown: sessions are ended, as when an operator stops the server.</summary>
    public Task StopServerAsync() => AsOwnerAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "-t", "60", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsOwnerAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_folder, recursive: true);
    }

    private Task AsOwnerAsync(string program, params string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed with {process.ExitCode}: {await output}{await errors}");
    }
}
