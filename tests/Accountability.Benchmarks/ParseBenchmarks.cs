using BenchmarkDotNet.Attributes;
using Accountability.Plans.Parsing;

namespace Accountability.Benchmarks;

/// <summary>Parsing one seed plan, warm. Target: under 50 ms per plan.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _bytes = [];

    [Params("quang-ninh-206-KH-UBND.txt", "quang-ngai-2025.txt", "bac-kan-2060-QD-UBND.txt", "hcmc-702-QD-UBND.txt", "bo-ldtbxh-629-QD-LDTBXH.txt")]
    public string Seed { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Seeds", Seed));

    [Benchmark]
    public int Parse() => PlanParser.Parse(_bytes, Seed).Assignments.Count;
}
