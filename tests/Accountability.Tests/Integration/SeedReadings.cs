using System.Text.Json;

namespace Accountability.Tests.Integration;

/// <summary>The reviewed readings of the seeds (tests/Accountability.Plans.Tests/Golden): what an import of one must issue.</summary>
public static class SeedReadings
{
    /// <summary>How many assignments the reviewed reading of a seed (its file name) holds.</summary>
    public static int Assignments(string seed)
    {
        using var golden = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", Path.ChangeExtension(seed, ".json"))));
        return golden.RootElement.GetProperty("assignments").GetInt32();
    }
}
