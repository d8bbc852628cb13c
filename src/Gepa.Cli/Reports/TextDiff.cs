using System.Text.RegularExpressions;

namespace Gepa.Cli.Reports;

/// <summary>A word-level diff (longest common subsequence), for showing a candidate's text against its parent's.</summary>
internal static partial class TextDiff
{
    private const long MaxCells = 4_000_000;

    /// <summary>How a piece of text changed.</summary>
    public enum Kind
    {
        /// <summary>In both.</summary>
        Same,

        /// <summary>Only in the new text.</summary>
        Inserted,

        /// <summary>Only in the old text.</summary>
        Deleted,
    }

    /// <summary>Diffs two texts word by word (by line when they are too long for that).</summary>
    /// <param name="before">The old text.</param>
    /// <param name="after">The new text.</param>
    /// <returns>The pieces, in order; adjacent pieces of one kind are joined.</returns>
    public static IReadOnlyList<(Kind Kind, string Text)> Compute(string before, string after)
    {
        var a = Tokens(before, words: true);
        var b = Tokens(after, words: true);
        if ((long)a.Length * b.Length > MaxCells)
        {
            (a, b) = (Tokens(before, words: false), Tokens(after, words: false));
        }

        if ((long)a.Length * b.Length > MaxCells)
        {
            return [(Kind.Deleted, before), (Kind.Inserted, after)];
        }

        // lcs[i, j] = length of the LCS of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var pieces = new List<(Kind, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                Add(pieces, Kind.Same, a[x++]);
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                Add(pieces, Kind.Inserted, b[y++]);
            }
            else
            {
                Add(pieces, Kind.Deleted, a[x++]);
            }
        }

        return pieces;
    }

    private static void Add(List<(Kind Kind, string Text)> pieces, Kind kind, string text)
    {
        if (pieces.Count > 0 && pieces[^1].Kind == kind)
        {
            pieces[^1] = (kind, pieces[^1].Text + text);
        }
        else
        {
            pieces.Add((kind, text));
        }
    }

    private static string[] Tokens(string text, bool words) =>
        words ? [.. WordTokens().Matches(text).Select(m => m.Value)] : [.. LineTokens().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]")]
    private static partial Regex WordTokens();

    [GeneratedRegex(@"[^\n]*\n|[^\n]+")]
    private static partial Regex LineTokens();
}
