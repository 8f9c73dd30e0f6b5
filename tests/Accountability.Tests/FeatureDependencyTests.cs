namespace Accountability.Tests;

/// <summary>
/// Dependencies between the feature folders run one way: Notifications → Deadlines → Assignments. Assignments name
/// neither Deadlines nor Notifications; Deadlines do not name Notifications. Read from the source files, so a new
/// `using` or a qualified name breaks this test before it tangles the folders again.
/// </summary>
public sealed class FeatureDependencyTests
{
    private static string Source(string folder)
    {
        var dir = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(dir, "src", "Accountability"))) dir = Path.GetDirectoryName(dir) ?? throw new DirectoryNotFoundException("src/Accountability");
        return Path.Combine(dir, "src", "Accountability", folder);
    }

    public static TheoryData<string, string> Forbidden => new()
    {
        { "Assignments", "Deadlines" },
        { "Assignments", "Notifications" },
        { "Deadlines", "Notifications" },
    };

    [Theory, MemberData(nameof(Forbidden))]
    public void A_feature_folder_does_not_name_one_that_depends_on_it(string folder, string upstream)
    {
        var files = Directory.GetFiles(Source(folder), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offending = files.Where(f => File.ReadAllLines(f).Any(line =>
                line.Contains($"Accountability.{upstream}", StringComparison.Ordinal)
                || (line.Contains($"{upstream}.", StringComparison.Ordinal) && !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !line.TrimStart().StartsWith("///", StringComparison.Ordinal))))
            .Select(Path.GetFileName).ToList();
        Assert.True(offending.Count == 0, $"{folder} names {upstream} in: {string.Join(", ", offending)}");
    }
}
