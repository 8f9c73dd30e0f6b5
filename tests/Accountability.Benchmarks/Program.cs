using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Accountability.Benchmarks;

// --quick: a short run for a clean clone (ops/bench --quick); without it, BenchmarkDotNet's default job.
var quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
var config = DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator);
if (quick)
    config = config.AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1));
BenchmarkSwitcher.FromAssembly(typeof(ParseBenchmarks).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
