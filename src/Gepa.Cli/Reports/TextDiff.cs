using System.Text.RegularExpressions;
using DiffPlex;

namespace Gepa.Cli.Reports;

/// <summary>A word-level diff, for showing a candidate's text against another's: DiffPlex's Myers diff over words,
/// runs of whitespace and single punctuation marks, so that the pieces put together give back both texts exactly.</summary>
internal static partial class TextDiff
{
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

    /// <summary>Diffs two texts word by word.</summary>
    /// <param name="before">The old text.</param>
    /// <param name="after">The new text.</param>
    /// <returns>The pieces, in order (within a change, the deleted text first); adjacent pieces of one kind are joined.</returns>
    public static IReadOnlyList<(Kind Kind, string Text)> Compute(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var (a, b) = (diff.PiecesOld, diff.PiecesNew);
        var pieces = new List<(Kind Kind, System.Text.StringBuilder Text)>();
        void Add(Kind kind, string text)
        {
            // Appended to the run of its kind: joining string by string would copy the text once per piece.
            if (pieces.Count > 0 && pieces[^1].Kind == kind)
            {
                pieces[^1].Text.Append(text);
            }
            else
            {
                pieces.Add((kind, new System.Text.StringBuilder(text)));
            }
        }

        var x = 0;
        foreach (var block in diff.DiffBlocks)
        {
            for (; x < block.DeleteStartA; x++)
            {
                Add(Kind.Same, a[x]);
            }

            for (var i = 0; i < block.DeleteCountA; i++)
            {
                Add(Kind.Deleted, a[block.DeleteStartA + i]);
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                Add(Kind.Inserted, b[block.InsertStartB + i]);
            }

            x = block.DeleteStartA + block.DeleteCountA;
        }

        for (; x < a.Count; x++)
        {
            Add(Kind.Same, a[x]);
        }

        return [.. pieces.Select(p => (p.Kind, p.Text.ToString()))];
    }

    [GeneratedRegex(@"\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]")]
    private static partial Regex WordTokens();

    /// <summary>Cuts a text into words, whitespace runs and punctuation marks, losing no character.</summary>
    private sealed class WordChunker : IChunker
    {
        public static WordChunker Instance { get; } = new();

        public IReadOnlyList<string> Chunk(string str) => [.. WordTokens().Matches(str).Select(m => m.Value)];
    }
}
