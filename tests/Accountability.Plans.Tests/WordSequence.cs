using System.Text;

namespace Accountability.Plans.Tests;

/// <summary>
/// How much of one text's word sequence another keeps, in order: the longest common subsequence of the two word
/// lists over the longer list's length. 1.0 means the same words in the same order, whatever the line breaks.
/// </summary>
internal static class WordSequence
{
    public static string[] Words(string text) =>
        text.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static double Similarity(string expected, string actual)
    {
        var (a, b) = (Words(expected), Words(actual));
        if (a.Length == 0 && b.Length == 0) return 1;
        return (double)CommonSubsequence(a, b) / Math.Max(a.Length, b.Length);
    }

    private static int CommonSubsequence(string[] a, string[] b)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int Id(string w) => ids.TryGetValue(w, out var i) ? i : ids[w] = ids.Count;
        var (x, y) = (a.Select(Id).ToArray(), b.Select(Id).ToArray());
        var previous = new int[y.Length + 1];
        var current = new int[y.Length + 1];
        for (var i = 1; i <= x.Length; i++)
        {
            for (var j = 1; j <= y.Length; j++)
                current[j] = x[i - 1] == y[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            (previous, current) = (current, previous);
        }
        return previous[y.Length];
    }
}
