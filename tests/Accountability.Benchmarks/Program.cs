using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Accountability.Benchmarks.Load;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Npgsql;

namespace Accountability.Benchmarks;

/// <summary>
/// ops/bench [--quick] [--only 1,3] [--out DIR]: every scenario of docs/benchmarks.md against the real PostgreSQL
/// (ConnectionStrings__Marten), each with its baseline measured in the same run; prints the markdown table and
/// writes it, the machine and a chart of throughput against size to DIR.
/// </summary>
public static class BenchProgram
{
    private sealed record Sizes(int[] Import, int CommandPool, TimeSpan CommandTime, int[] Rebuild, int[] Storm, int ReadAgencies, TimeSpan ReadTime, TimeSpan StormTimeout);

    private static readonly Sizes Quick = new([10_000], 12_000, TimeSpan.FromSeconds(10), [100_000], [10_000], 2_000, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(120));

    private static readonly Sizes Full = new([10_000, 100_000], 45_000, TimeSpan.FromSeconds(30), [100_000, 1_000_000], [10_000, 100_000], 10_000, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(900));

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Any(a => a is "--help" or "-h"))
        {
            Console.WriteLine(Arguments.Usage);
            return 0;
        }
        if (Arguments.Parse(args) is not { } parsed)
            return 2;
        var (quick, only, output, importParallel, storm, stormNodes) = parsed;
        bool Run(int scenario) => only is null || only.Contains(scenario);
        var sizes = quick ? Quick : Full;
        if (storm is { } stormSize) sizes = sizes with { Storm = [stormSize] };
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        if (string.IsNullOrEmpty(connection) && (only is null || only.Any(s => s > 1)))
        {
            Console.Error.WriteLine("bench: set ConnectionStrings__Marten (ops/bench does, to the database accountability_bench)");
            return 2;
        }
        var total = Stopwatch.StartNew();
        var results = new List<Result>();

        if (Run(1)) results.AddRange([.. ParseRows(quick), .. ReadingScale.Rows()]);
        if (only is null || only.Any(s => s > 1))
        {
            var importRate = 2_000.0;
            await using (var service = await ServiceUnderTest.StartAsync(connection!, DateTimeOffset.UtcNow))
            {
                if (Run(2))
                    foreach (var n in sizes.Import)
                    {
                        var row = await ImportScenario.RunAsync(service, connection!, n, importParallel);
                        importRate = row.Throughput;
                        results.Add(row);
                    }
                if (Run(2) && !quick) results.Add(await ImportScenario.WithoutChainAsync(service, connection!, sizes.Import[0], importParallel));
                if (Run(3)) results.Add(await HttpScenarios.CommandsAsync(service, sizes.CommandPool, sizes.CommandTime));
                if (Run(4))
                    foreach (var n in sizes.Rebuild)
                        results.Add(await StoreScenarios.RebuildAsync(service, connection!, n));
                if (Run(6)) results.AddRange(await HttpScenarios.ReadsAsync(service, sizes.ReadAgencies, 200, sizes.ReadTime));
                if (Run(7)) results.AddRange(await WebScenario.RunAsync(service, quick ? 20 : 100, quick ? 200 : 500));
            }
            if (Run(3) && !quick) results.Add(await HttpScenarios.CommandsWithAsyncReadModelsAsync(connection!, sizes.CommandPool, sizes.CommandTime));
            if (Run(4) && !quick) results.Add(await StoreScenarios.OptimizedRebuildAsync(connection!, sizes.Rebuild[^1]));
            if (Run(5))
            {
                foreach (var n in sizes.Storm)
                    results.Add(await StoreScenarios.StormAsync(connection!, n, importRate, sizes.StormTimeout));
                // The largest storm again with three service nodes sharing the database (Wolverine's balanced mode).
                if (stormNodes > 1) results.Add(await StoreScenarios.StormAsync(connection!, sizes.Storm[^1], importRate, sizes.StormTimeout, nodes: stormNodes));
            }
        }

        results = [.. results.OrderBy(r => r.Scenario[..2]).ThenBy(r => r.Scenario.Contains("comparison")).ThenBy(r => r.Scenario, StringComparer.Ordinal).ThenBy(r => r.SizeValue)];
        var machine = await MachineAsync(connection);
        var table = Report.Table(results);
        Console.WriteLine();
        Console.WriteLine(machine);
        Console.WriteLine();
        Console.WriteLine(table);
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "results.md"),
            $"# ops/bench{(quick ? " --quick" : "")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {total.Elapsed.TotalMinutes:N1} min\n\n{machine}\n\n{table}\n");
        await File.WriteAllTextAsync(Path.Combine(output, "throughput.svg"), Report.Chart(results));
        Console.Error.WriteLine($"bench: done in {total.Elapsed.TotalMinutes:N1} min; table, machine and chart in {output}");
        return 0;
    }

    /// <param name="Storm">One storm size instead of the run's (to profile or compare one size).</param>
    /// <param name="StormNodes">Service nodes of the storm's last row; 1 leaves that row out.</param>
    private sealed record Arguments(bool Quick, HashSet<int>? Only, string Output, int ImportParallel, int? Storm = null, int StormNodes = 3)
    {
        public const string Usage = "usage: ops/bench [--quick] [--only 1,2,3,4,5,6,7] [--out DIR] [--import-parallel N] [--storm N] [--storm-nodes N]";

        /// <summary>The options, or null after a one-line error.</summary>
        public static Arguments? Parse(string[] args)
        {
            var result = new Arguments(false, null, Path.GetFullPath("bench-results"), 2);
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                try
                {
                    result = args[i] switch
                    {
                        "--quick" => result with { Quick = true },
                        "--only" => result with { Only = Scenarios(Value()) },
                        "--out" => result with { Output = Path.GetFullPath(Value()) },
                        "--import-parallel" => result with { ImportParallel = int.TryParse(Value(), out var n) && n is >= 1 and <= 64 ? n : throw new ArgumentException("--import-parallel takes a number from 1 to 64") },
                        "--storm" => result with { Storm = int.TryParse(Value(), out var n) && n is >= 1_000 and <= 1_000_000 ? n : throw new ArgumentException("--storm takes a number of obligations from 1000 to 1000000") },
                        "--storm-nodes" => result with { StormNodes = int.TryParse(Value(), out var n) && n is >= 1 and <= 5 ? n : throw new ArgumentException("--storm-nodes takes a number from 1 to 5") },
                        var other => throw new ArgumentException($"unknown option '{other}'"),
                    };
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine($"bench: {e.Message} ({Usage})");
                    return null;
                }
            }
            return result;
        }

        private static HashSet<int> Scenarios(string list)
        {
            var numbers = list.Split(',', StringSplitOptions.TrimEntries).Select(s => int.TryParse(s, out var n) && n is >= 1 and <= 7 ? n : 0).ToHashSet();
            return numbers.Contains(0) ? throw new ArgumentException($"--only takes scenario numbers 1 to 7, comma-separated; got '{list}'") : numbers;
        }
    }

    /// <summary>1. Parse, with BenchmarkDotNet in this process (no separate build): each seed, warm.</summary>
    private static IEnumerable<Result> ParseRows(bool quick)
    {
        var job = (quick ? Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(150))
                         : Job.Default.WithWarmupCount(5).WithIterationCount(20))
            .WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(NullLogger.Instance)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "accountability-bdn"));
        Log.Line("parse: BenchmarkDotNet, in process");
        using var memory = new MemorySampler();
        var summary = BenchmarkRunner.Run<ParseBenchmarks>(config);
        var peak = memory.PeakMb;
        foreach (var seed in ParseBenchmarks.Seeds)
        {
            var parse = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "Parse" && (string)r.BenchmarkCase.Parameters["Seed"] == seed);
            var read = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "ReadText" && (string)r.BenchmarkCase.Parameters["Seed"] == seed);
            var stats = parse.ResultStatistics!;
            var allocated = parse.GcStats.GetBytesAllocatedPerOperation(parse.BenchmarkCase) ?? 0;
            var meanMs = stats.Mean / 1e6;
            var size = new FileInfo(Path.Combine(AppContext.BaseDirectory, "Seeds", seed)).Length;
            Log.Line($"parse: {seed} {meanMs:N2} ms");
            yield return new Result("1. Parse", $"{Path.GetFileNameWithoutExtension(seed)} ({size / 1024} KB)", size, 1000 / meanMs, "documents/s",
                stats.Percentiles.P50 / 1e6, stats.Percentiles.Percentile(99) / 1e6, peak, 1e9 / read.ResultStatistics!.Mean, "decoding the text only",
                "< 50 ms per document", meanMs < 50, $"mean {meanMs:N2} ms, {allocated / 1024.0 / 1024.0:N2} MB allocated");
        }
    }

    private static async Task<string> MachineAsync(string? connection)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal"))?.Split(':', 2)[1].Trim() : null;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME"))?.Split('=', 2)[1].Trim('"') : RuntimeInformation.OSDescription;
        var postgres = "";
        if (!string.IsNullOrEmpty(connection))
        {
            await using var conn = new NpgsqlConnection(connection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("select split_part(version(), ' on ', 1), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            postgres = $"; {reader.GetString(0)} on the same machine (fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, shared_buffers={reader.GetString(3)})";
        }
        return $"Machine: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {memory} RAM, {os}; " +
               $".NET {Environment.Version} (server GC){postgres}.";
    }
}
