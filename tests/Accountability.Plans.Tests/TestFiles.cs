using System.Runtime.CompilerServices;

namespace Accountability.Plans.Tests;

internal static class TestFiles
{
    public static string SeedPath(string name) => Path.Combine(AppContext.BaseDirectory, "Seeds", name);

    public static byte[] Seed(string name) => File.ReadAllBytes(SeedPath(name));

    public static string SeedText(string name) => File.ReadAllText(SeedPath(name));

    /// <summary>A format fixture made by ops/make-test-documents (Seeds/pdf/).</summary>
    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Seeds", "pdf", name));

    /// <summary>A development-corpus file, read from the source tree (the corpus is not copied to the output).</summary>
    public static byte[] Corpus(string name, [CallerFilePath] string here = "") =>
        File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(here)!, "Corpus", name));

    /// <summary>The golden file in the source tree, so UPDATE_GOLDEN=1 rewrites what is committed.</summary>
    public static string GoldenSourcePath(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Golden", name);

    public static readonly string[] Seeds =
    [
        "quang-ninh-206-KH-UBND.txt",
        "quang-ngai-2025.txt",
        "bac-kan-2060-QD-UBND.txt",
        "hcmc-702-QD-UBND.txt",
        "bo-ldtbxh-629-QD-LDTBXH.txt",
    ];
}
