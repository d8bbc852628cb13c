using System.Globalization;
using Gepa.Cli.Configuration;

namespace Gepa.Cli.Benchmarks;

/// <summary>Another optimizer's mean test score against the budget, drawn and tabulated beside ours.</summary>
/// <remarks>The file is CSV with the header <c>rollouts,test_score,sd</c> (<c>sd</c> may be empty); lines starting with
/// <c>#</c> are comments, and a comment <c># label: …</c> names the curve (by default the file name).</remarks>
/// <param name="Label">The curve's name in the legend and tables.</param>
/// <param name="Points">The points, by rollouts.</param>
internal sealed record ReferenceCurve(string Label, IReadOnlyList<ReferencePoint> Points)
{
    /// <summary>Gets the reference's score at exactly <paramref name="budget"/> rollouts, if the curve has that point.</summary>
    /// <param name="budget">The budget.</param>
    /// <returns>The score, or <see langword="null"/>.</returns>
    public double? ScoreAt(int budget) => Points.FirstOrDefault(p => p.Rollouts == budget)?.TestScore;

    /// <summary>Reads a curve file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayName">The name used in messages.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="ConfigException">The file is missing or a line is malformed; the error names the line.</exception>
    public static ReferenceCurve Load(string path, string displayName)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(displayName, 0, 0), null, e is FileNotFoundException or DirectoryNotFoundException ? "the reference curve file does not exist." : $"cannot read the reference curve: {e.Message}"));
        }

        var label = Path.GetFileNameWithoutExtension(path);
        var points = new List<ReferencePoint>();
        var header = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var comment = line.TrimStart('#').Trim();
                if (comment.StartsWith("label:", StringComparison.OrdinalIgnoreCase))
                {
                    label = comment["label:".Length..].Trim();
                }

                continue;
            }

            var at = new SourceLocation(displayName, i + 1, 1);
            var cells = line.Split(',', StringSplitOptions.TrimEntries);
            if (!header)
            {
                if (cells.Length < 2 || cells[0] != "rollouts" || cells[1] != "test_score")
                {
                    throw new ConfigException(new ConfigError(at, null, "expected the header rollouts,test_score,sd."));
                }

                header = true;
                continue;
            }

            if (cells.Length < 2
                || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rollouts) || rollouts < 1
                || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
            {
                throw new ConfigException(new ConfigError(at, null, "expected rollouts (a whole number ≥ 1), test_score (a number) and an optional sd."));
            }

            double? sd = cells.Length > 2 && double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
            points.Add(new ReferencePoint(rollouts, score, sd));
        }

        if (points.Count == 0)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(displayName, 0, 0), null, "the reference curve has no points; expected the header rollouts,test_score,sd and one line per budget."));
        }

        return new ReferenceCurve(label, [.. points.OrderBy(p => p.Rollouts)]);
    }
}
