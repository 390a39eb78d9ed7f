namespace Latent.Cli;

/// <summary>"Did you mean …" for unknown names: the candidates closest by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>Up to <paramref name="count"/> candidates within a small edit distance of <paramref name="name"/>, closest first.</summary>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> candidates, int count = 3)
    {
        var lower = name.ToLowerInvariant();
        return candidates
            .Select(c => (Name: c, Distance: Distance(lower, c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, lower.Length / 2) || c.Name.Contains(lower, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>A message naming the unknown value and the closest valid ones (or all of them when none is close).</summary>
    public static string UnknownMessage(string what, string name, IReadOnlyCollection<string> valid)
    {
        var close = Closest(name, valid);
        return close.Count > 0
            ? $"Unknown {what} '{name}'. Did you mean {string.Join(", ", close.Select(c => $"'{c}'"))}?"
            : $"Unknown {what} '{name}'. Valid values: {string.Join(", ", valid)}.";
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
