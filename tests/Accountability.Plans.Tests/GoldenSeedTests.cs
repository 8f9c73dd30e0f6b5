using System.Text.Json;
using System.Text.RegularExpressions;
using Accountability.Plans.Parsing;

namespace Accountability.Plans.Tests;

/// <summary>
/// The five seed plans against reviewed golden files: metadata, every agency block, every deadline and
/// occurrence. A change in the parser that moves any of them shows up here as a diff to review.
/// Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff before committing it.
/// </summary>
public class GoldenSeedTests
{
    public static TheoryData<string> Seeds => new(TestFiles.Seeds);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Seed_matches_its_reviewed_golden_file(string seed)
    {
        var plan = PlanParser.Parse(TestFiles.Seed(seed), seed);
        var actual = Digest(plan);
        var goldenPath = TestFiles.GoldenSourcePath(Path.ChangeExtension(seed, ".json"));
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(goldenPath, actual);
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", Path.ChangeExtension(seed, ".json")));
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), actual.ReplaceLineEndings("\n").Trim());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_deadline_text_is_found_in_the_source(string seed)
    {
        var plan = PlanParser.Parse(TestFiles.Seed(seed), seed);
        var source = Squash(TestFiles.SeedText(seed));
        foreach (var a in plan.Assignments.Where(a => a.DeadlineText is not null))
            Assert.Contains(Squash(a.DeadlineText!), source);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Keys_are_unique_and_the_same_on_every_run(string seed)
    {
        var first = PlanParser.Parse(TestFiles.Seed(seed), seed).Assignments.Select(a => a.Key).ToList();
        var second = PlanParser.Parse(TestFiles.Seed(seed), seed).Assignments.Select(a => a.Key).ToList();
        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.All(first, k => Assert.Matches("^[0-9a-f]{16}$", k));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_row_has_an_agency_a_task_and_a_section(string seed)
    {
        var plan = PlanParser.Parse(TestFiles.Seed(seed), seed);
        Assert.All(plan.Assignments, a =>
        {
            Assert.False(string.IsNullOrWhiteSpace(a.Agency));
            Assert.False(string.IsNullOrWhiteSpace(a.AgencyAsWritten));
            Assert.False(string.IsNullOrWhiteSpace(a.Task));
            // "V.2", "V.2.a", "Đ3" (an article of the decision), "PL.I.2" (an appendix row), "V.2.-1" (its first bullet).
            Assert.Matches(@"^(?:[IVXL]+|Đ\d+|PL[IVX\d]*|\d+)(?:\.(?:[IVXL]+|\d+|[a-zđ]|[-+]\d+|B\d+|Đ\d+|[A-Z]))*$", a.Section);
            Assert.Equal(a.Due is null, a.DeadlineText is null);
            Assert.Equal(a.Recurrence == Recurrence.None, a.Occurrence is null);
        });
    }

    private static string Squash(string s) => Regex.Replace(s.Normalize(System.Text.NormalizationForm.FormC), @"\s+", "");

    /// <summary>What the golden file holds: the metadata, then each (section, agency, role) with its dated obligations.</summary>
    internal static string Digest(ParsedPlan plan)
    {
        var blocks = plan.Assignments
            .GroupBy(a => (a.Section, a.Agency, a.Role))
            .Select(g => new
            {
                section = g.Key.Section,
                agency = g.Key.Agency,
                asWritten = g.First().AgencyAsWritten,
                role = g.Key.Role.ToString().ToLowerInvariant(),
                coordinating = g.First().CoordinatingAgencies,
                requested = g.First().Requested,
                rows = g.Count(),
                deadlines = g.Where(a => a.Due is not null).Select(a =>
                    $"{a.Due:yyyy-MM-dd} {a.Recurrence.ToString().ToLowerInvariant()} {a.Occurrence ?? "-"}{(a.Tentative ? " tentative" : "")} «{a.DeadlineText}»").ToList(),
            });
        var digest = new
        {
            document = new
            {
                number = plan.Document.Number,
                issuer = plan.Document.Issuer,
                issuedOn = plan.Document.IssuedOn?.ToString("yyyy-MM-dd"),
                title = plan.Document.Title,
                periodFrom = plan.Document.PeriodFrom?.ToString("yyyy-MM-dd"),
                periodTo = plan.Document.PeriodTo?.ToString("yyyy-MM-dd"),
                reportsTo = plan.Document.ReportsTo,
                supersedes = plan.Document.Supersedes,
            },
            assignments = plan.Assignments.Count,
            blocks,
            warnings = plan.Warnings,
        };
        return JsonSerializer.Serialize(digest, PlanJson.Options);
    }
}
