namespace Gepa.Cli.Configuration;

/// <summary>Edit distance, for "did you mean" suggestions.</summary>
internal static class Levenshtein
{
    /// <summary>Computes the number of single-character insertions, deletions and substitutions between two strings.</summary>
    /// <param name="a">The first string.</param>
    /// <param name="b">The second string.</param>
    /// <returns>The distance.</returns>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>Finds the candidate closest to <paramref name="word"/>, if any is close enough to be a likely typo.</summary>
    /// <param name="word">What the user wrote.</param>
    /// <param name="candidates">The valid words.</param>
    /// <returns>The suggestion, or <see langword="null"/>.</returns>
    /// <remarks>Case, <c>-</c> and <c>_</c> are ignored first, so <c>minibatch_size</c> and <c>minibatchSize</c> both
    /// suggest <c>minibatch-size</c>.</remarks>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        var normalized = Normalize(word);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(normalized, Normalize(candidate));
            if (d < bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, normalized.Length / 3) ? best : null;
    }

    private static string Normalize(string s) => s.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}
