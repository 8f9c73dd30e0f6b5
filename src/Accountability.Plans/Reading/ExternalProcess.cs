using System.Diagnostics;
using System.Text;

namespace Accountability.Plans.Reading;

/// <summary>
/// Runs the converters some formats need (pdftoppm, tesseract, LibreOffice): always with an argument list, never
/// through a shell, with a time limit, and killed with every child it started when the limit passes or the caller
/// cancels. What a program prints is capped, so a runaway converter cannot fill memory.
/// </summary>
internal static class ExternalProcess
{
    private const int MaxOutputChars = 32 * 1024 * 1024;

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The program's full path when it is on PATH, else null.</summary>
    public static string? Find(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// Runs the program to its end. A timeout throws <see cref="TimeoutException"/>, cancellation
    /// <see cref="OperationCanceledException"/>; in both cases the process tree is killed first. A program that
    /// cannot be started is a one-line <see cref="PlanReadException"/>.
    /// </summary>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout,
        CancellationToken cancellation, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new PlanReadException($"{Path.GetFileName(program)} is installed here but could not be started, so this file cannot be converted; send the plan as .docx or as UTF-8 text.");
        }
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            var output = ReadCappedAsync(process.StandardOutput, limit.Token);
            var error = ReadCappedAsync(process.StandardError, limit.Token);
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            return new Result(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader, CancellationToken cancellation)
    {
        var sb = new StringBuilder();
        var buffer = new char[16384];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
        {
            // Past the cap the rest is read and dropped, so the program never blocks on a full pipe.
            if (sb.Length < MaxOutputChars) sb.Append(buffer, 0, Math.Min(read, MaxOutputChars - sb.Length));
        }
        return sb.ToString();
    }
}

/// <summary>
/// A folder of its own for one conversion (created readable by this user only), deleted with everything in it
/// when disposed, whatever happened in between.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose) => Path = Directory.CreateTempSubdirectory($"accountability-{purpose}-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
                return;
            }
            catch (IOException)
            {
                // A killed converter may still be closing a file; try again shortly.
                Thread.Sleep(100);
            }
        }
    }
}
