using System.Diagnostics;
using System.Globalization;
using System.Text;
using Accountability.Benchmarks.Load;
using Accountability.Plans.Parsing;
using Accountability.Plans.Reading;

namespace Accountability.Benchmarks;

/// <summary>
/// 1. Reading against size (issue 13): generated plans of 10 KB to 4 MB, the same numbered duty repeated, each
/// read warm until a second has passed (at least twice). Reading must grow in a straight line with the size:
/// a 1 MB plan in under 2 s and 300 MB. Baseline: decoding and normalising the same bytes.
/// </summary>
public static class ReadingScale
{
    private static readonly int[] Sizes = [10 * 1024, 100 * 1024, 1024 * 1024, 4 * 1024 * 1024];

    /// <summary>About 850 bytes a duty, so that 4 MB stays under the 5,000 assignments a plan may hold.</summary>
    public static byte[] Plan(int bytes)
    {
        var sb = new StringBuilder("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH\nSố: 1/KH-UBND\nQuảng Ninh, ngày 01 tháng 01 năm 2026\nKẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\nI. PHÂN CÔNG NHIỆM VỤ\n");
        var filler = string.Concat(Enumerable.Repeat(" tăng cường kiểm tra, giám sát, bảo đảm chất lượng và tiến độ,", 12));
        for (var i = 1; Encoding.UTF8.GetByteCount(sb.ToString()) < bytes; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{i}. Sở Y tế thực hiện việc {i},{filler} hoàn thành trước ngày 15/12/2026.\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static IEnumerable<Result> Rows()
    {
        PlanParser.Parse(Plan(10 * 1024), "plan.txt"); // warm
        foreach (var size in Sizes)
        {
            var bytes = Plan(size);
            var (readMs, allocated, peak, rows) = Measure(() => PlanParser.Parse(bytes, "plan.txt").Assignments.Count);
            var (decodeMs, _, _, _) = Measure(() => PlanSource.Normalize(PlanSource.ReadText(bytes, "plan.txt")).Length);
            var kb = bytes.Length / 1024;
            Log.Line($"parse: generated {kb} KB {readMs:N1} ms");
            var target = size == 1024 * 1024 ? "1 MB: < 2 s, < 300 MB" : "straight line";
            bool? met = size == 1024 * 1024 ? readMs < 2000 && allocated < 300 * 1048576.0 : null;
            yield return new Result("1. Parse against size", $"generated, {kb:N0} KB ({rows:N0} assignments)", bytes.Length,
                bytes.Length / 1048576.0 / (readMs / 1000), "MB/s", readMs, null, peak,
                bytes.Length / 1048576.0 / (decodeMs / 1000), "decoding the text only", target, met,
                $"mean {readMs:N1} ms, {allocated / 1048576.0:N0} MB allocated, {readMs * 1024 / bytes.Length:N2} ms per KB");
        }
    }

    private static (double MeanMs, double Allocated, double PeakMb, int Result) Measure(Func<int> read)
    {
        using var memory = new MemorySampler();
        var runs = 0;
        var result = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (runs < 2 || clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            result = read();
            runs++;
        }
        return (clock.Elapsed.TotalMilliseconds / runs, (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)runs, memory.PeakMb, result);
    }
}
