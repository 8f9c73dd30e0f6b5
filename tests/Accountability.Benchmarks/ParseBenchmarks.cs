using BenchmarkDotNet.Attributes;
using Accountability.Plans.Parsing;
using Accountability.Plans.Reading;

namespace Accountability.Benchmarks;

/// <summary>
/// 1. Parsing one seed plan, warm. Target: under 50 ms per plan. Baseline: only reading the bytes as text (decoding
/// and normalising), the part no reader can skip.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    public static string[] Seeds { get; } =
        ["quang-ninh-206-KH-UBND.txt", "quang-ngai-2025.txt", "bac-kan-2060-QD-UBND.txt", "hcmc-702-QD-UBND.txt", "bo-ldtbxh-629-QD-LDTBXH.txt"];

    private byte[] _bytes = [];

    [ParamsSource(nameof(Seeds))]
    public string Seed { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Seeds", Seed));

    [Benchmark(Baseline = true)]
    public int ReadText() => PlanSource.Normalize(PlanSource.ReadText(_bytes, Seed)).Length;

    [Benchmark]
    public int Parse() => PlanParser.Parse(_bytes, Seed).Assignments.Count;
}
