using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Accountability.Plans.Parsing;
using CsCheck;

namespace Accountability.Plans.Tests;

/// <summary>
/// Issue 13's first finding and the reader's fuzzing: a plan written to cost gigabytes is read in work bounded by
/// its size, and random or mutated plans (the seeds and the corpus, cut, repeated and salted with hostile text)
/// end in a reading or a plan error, never another exception, with every date and every unread sentence taken
/// from the text. Time is shown by `ops/bench` (reading against size); here the bound is on allocated memory,
/// which does not depend on how busy the machine is.
/// </summary>
public class HostilePlanTests
{
    internal static string NumberedPlan(int items, int filler = 0)
    {
        var sb = new StringBuilder("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH\nSố: 1/KH-UBND\nQuảng Ninh, ngày 01 tháng 01 năm 2026\nKẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\nI. PHÂN CÔNG NHIỆM VỤ\n");
        var words = filler == 0 ? "" : " " + string.Concat(Enumerable.Repeat("bảo đảm chất lượng, tiến độ và hiệu quả ", filler)).TrimEnd();
        for (var i = 1; i <= items; i++) sb.Append(CultureInfo.InvariantCulture, $"{i}. Sở Y tế thực hiện việc {i}{words}, hoàn thành trước ngày 15/12/2026.\n");
        return sb.ToString();
    }

    private static long AllocatedWhile(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        read();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Three_thousand_numbered_lines_are_three_thousand_items_each_with_its_own_task()
    {
        var text = NumberedPlan(3000);
        var plan = PlanParser.Parse(Encoding.UTF8.GetBytes(text), "plan.txt");
        Assert.Equal(3000, plan.Assignments.Count);
        foreach (var (a, i) in plan.Assignments.Select((a, i) => (a, i + 1)))
        {
            // Item numbers of any size start an item: no block swallows the ones after it.
            Assert.Matches($@"\bviệc {i}\b", a.Task);
            Assert.DoesNotContain($"việc {i + 1}", a.Task);
            Assert.Equal(new DateOnly(2026, 12, 15), a.Due);
        }
        // Each task is stored once, so the reading is no larger than the text it came from.
        Assert.True(plan.Assignments.Sum(a => a.Task.Length) < text.Length, "tasks repeat the text");
    }

    [Fact]
    public void A_plan_past_the_assignment_limit_is_refused_saying_which_limit()
    {
        var e = Assert.Throws<PlanReadException>(() => PlanParser.Parse(Encoding.UTF8.GetBytes(NumberedPlan(PlanLimits.MaxAssignments + 500)), "plan.txt"));
        Assert.Contains("5000 assignments", e.Message);
    }

    [Fact]
    public void One_block_may_not_hold_more_obligations_than_the_limit()
    {
        var dates = string.Join(", ", Enumerable.Range(0, PlanLimits.MaxObligationsPerDuty + 10).Select(d => new DateOnly(2026, 1, 1).AddDays(d).ToString("'trước ngày' dd/MM/yyyy", CultureInfo.InvariantCulture)));
        var text = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH\nSố: 1/KH-UBND\nQuảng Ninh, ngày 01 tháng 01 năm 2026\nKẾ HOẠCH\nThử\nI. PHÂN CÔNG NHIỆM VỤ\n1. Sở Y tế báo cáo kết quả " + dates + ".\n";
        var e = Assert.Throws<PlanReadException>(() => PlanParser.Parse(Encoding.UTF8.GetBytes(text), "plan.txt"));
        Assert.Contains($"more than {PlanLimits.MaxObligationsPerDuty} dated obligations", e.Message);
    }

    [Fact]
    public void Reading_costs_memory_in_proportion_to_the_plan_not_faster()
    {
        // Warm first, so what is measured is the reading and not the first use of each rule.
        PlanParser.Parse(Encoding.UTF8.GetBytes(NumberedPlan(50)), "plan.txt");
        var small = Encoding.UTF8.GetBytes(NumberedPlan(500, filler: 3));
        var large = Encoding.UTF8.GetBytes(NumberedPlan(4000, filler: 3));
        var smallCost = AllocatedWhile(() => PlanParser.Parse(small, "plan.txt"));
        var largeCost = AllocatedWhile(() => PlanParser.Parse(large, "plan.txt"));
        var sizeRatio = (double)large.Length / small.Length;
        Assert.True(largeCost < smallCost * sizeRatio * 1.25, $"{small.Length:N0} bytes cost {smallCost:N0}; {large.Length:N0} bytes cost {largeCost:N0}");
        // And a plan of 1 MB, the size issue 13 names, stays far below the 300 MB it allows.
        Assert.True(largeCost < 300L * large.Length, $"{largeCost:N0} bytes allocated for {large.Length:N0}");
    }

    // ---------- fuzzing ----------

    private static readonly Lazy<string[]> Sources = new(() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Seeds"))
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus")))
            .Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || (f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith("README.md", StringComparison.Ordinal)) || f.EndsWith(".html", StringComparison.Ordinal))
            .Where(f => new FileInfo(f).Length < 150_000)
            .Order(StringComparer.Ordinal).ToArray());

    /// <summary>Pieces a hostile or careless writer puts into a plan.</summary>
    private static readonly string[] Salt =
    [
        "\n", "\n\n", "|", "\n| --- | --- |\n", "\u0000", "\u202E", "\u200B", "\t", "\r", "<table><tr><td>", "</td></tr>", "<!--", "&#x202E;", "&amp;",
        "Phụ lục", "PHÂN CÔNG NHIỆM VỤ", "Tổ chức thực hiện", "1. ", "99999999999. ", "a) ", "IV. ", "- ", "Cơ quan chủ trì: ", "Cơ quan phối hợp: ",
        "Sở Y tế", "Ủy ban nhân dân các xã, phường", "các Sở: Y tế, Xây dựng,", "chủ trì, phối hợp với", "trước ngày 31/02/2026", "trước ngày 15/12 hằng năm",
        "Quý V/2026", "định kỳ 6 tháng", "năm 99999", "tháng 13/2026", "ngày 0 tháng 0 năm 0", "Số: /KH-UBND", "ngày 29 tháng 02 năm 2025", "giai đoạn 2026 - 1900",
    ];

    private sealed record Mutation(int Kind, double At, double Length, int Salt);

    private static string Mutate(string text, Mutation[] mutations)
    {
        foreach (var m in mutations)
        {
            var at = (int)(m.At * text.Length);
            var length = Math.Min(text.Length - at, (int)(m.Length * Math.Min(text.Length, 4000)));
            text = m.Kind switch
            {
                0 => text.Remove(at, length),                                   // a piece cut out
                1 => text.Insert(at, text.Substring(at, length)),               // a piece repeated
                2 => text.Insert(at, Salt[m.Salt % Salt.Length]),               // hostile or confusing text put in
                3 => text[..at],                                                // the rest lost
                _ => text.Insert(at, string.Concat(Enumerable.Repeat(Salt[m.Salt % Salt.Length], 1 + m.Salt % 50))),
            };
        }
        return text;
    }

    private static readonly Gen<Mutation> AMutation =
        Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Double[0, 0.5], Gen.Int[0, 1000], (k, a, l, s) => new Mutation(k, a, l, s));

    private static readonly Gen<(int Source, Mutation[] Mutations)> AMutatedPlan =
        Gen.Select(Gen.Int[0, 1000], AMutation.Array[0, 8]);

    [Fact]
    public void Mutated_real_plans_end_in_a_reading_or_a_plan_error_and_name_only_what_their_text_holds()
    {
        AMutatedPlan.Sample(sample =>
        {
            var sources = Sources.Value;
            var path = sources[sample.Source % sources.Length];
            var text = Mutate(File.ReadAllText(path), sample.Mutations);
            ReadsSafely(Encoding.UTF8.GetBytes(text), Path.GetExtension(path), text);
        }, iter: 100, threads: 1, print: s => $"{Path.GetFileName(Sources.Value[s.Source % Sources.Value.Length])} {string.Join(" ", s.Mutations.Select(m => m.ToString()))}");
    }

    [Fact]
    public void Random_bytes_and_random_text_end_in_a_plan_error_or_a_reading()
    {
        Gen.Byte.Array[0, 5000].Sample(bytes => ReadsSafely(bytes, ".txt", null), iter: 200, threads: 1);
        Gen.Select(Gen.Int[0, Salt.Length - 1].Array[1, 400], Gen.Int[0, 2]).Sample(s =>
        {
            var text = string.Concat(s.Item1.Select(i => Salt[i]));
            ReadsSafely(Encoding.UTF8.GetBytes(text), new[] { ".txt", ".md", ".html" }[s.Item2], text);
        }, iter: 300, threads: 1);
    }

    private static void ReadsSafely(byte[] bytes, string extension, string? text)
    {
        ParsedPlan? plan = null;
        long allocated;
        try
        {
            allocated = AllocatedWhile(() => plan = PlanParser.Parse(bytes, "plan" + extension));
        }
        catch (PlanReadException)
        {
            return;
        }
        Assert.True(allocated < 20_000_000 + 1000L * bytes.Length, $"{allocated:N0} bytes allocated to read {bytes.Length:N0}");
        Assert.NotNull(plan);
        Assert.True(plan.Assignments.Count <= PlanLimits.MaxAssignments);
        if (text is null) return;
        var squashed = Squash(System.Net.WebUtility.HtmlDecode(text));
        foreach (var a in plan.Assignments.Where(a => a.DeadlineText is not null))
        {
            Assert.Contains(Squash(a.DeadlineText!), squashed);
            Assert.True(CorpusReadingTests.Supports(a.DeadlineText!, a.Due!.Value, a.Recurrence), $"{a.Due} from «{a.DeadlineText}»");
        }
        foreach (var a in plan.Assignments)
            Assert.DoesNotMatch(@"[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069]", a.Task + a.Agency);
    }

    private static string Squash(string s) => Regex.Replace(Agencies.VietnameseText.Fold(s.Normalize(NormalizationForm.FormC)), @"[\s*_|\u0000-\u001F\u200B\u202A-\u202E]+", "");
}
