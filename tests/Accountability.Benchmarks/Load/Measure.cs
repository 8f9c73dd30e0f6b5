using System.Collections.Concurrent;
using System.Diagnostics;

namespace Accountability.Benchmarks.Load;

/// <summary>One row of the table: a scenario at one size, its same-run baseline and the ratio between them.</summary>
public sealed record Result(
    string Scenario,
    string Size,
    long SizeValue,
    double Throughput,
    string Unit,
    double? P50Ms,
    double? P99Ms,
    double PeakMemoryMb,
    double BaselineThroughput,
    string BaselineName,
    string Target,
    bool? TargetMet,
    string Note = "")
{
    public double Ratio => BaselineThroughput > 0 ? Throughput / BaselineThroughput : 0;
}

/// <summary>Latencies in milliseconds from many threads; percentiles by rank.</summary>
public sealed class Latencies
{
    private readonly ConcurrentBag<double> _ms = [];

    public void Add(double ms) => _ms.Add(ms);

    public int Count => _ms.Count;

    public double Percentile(double p)
    {
        var sorted = _ms.ToArray();
        if (sorted.Length == 0) return 0;
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// The process's working set sampled every 50 ms while a scenario runs. The service runs inside this process, so
/// this is the service's peak (plus the driver's small share).
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler()
    {
        _peak = Environment.WorkingSet;
        _timer = new Timer(_ => Sample(), null, 0, 50);
    }

    private void Sample()
    {
        var now = Environment.WorkingSet;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
    }

    public double PeakMb
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak) / 1024.0 / 1024.0;
        }
    }

    public void Dispose() => _timer.Dispose();
}

public static class Log
{
    private static readonly Stopwatch Since = Stopwatch.StartNew();

    public static void Line(string text) => Console.Error.WriteLine($"[{Since.Elapsed:mm\\:ss}] {text}");
}
