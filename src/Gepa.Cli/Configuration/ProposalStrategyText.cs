using System.Globalization;
using System.Text.RegularExpressions;
using Gepa.Strategies;

namespace Gepa.Cli.Configuration;

/// <summary>Reads the proposal sampling and selection strategies from their configuration text.</summary>
internal static partial class ProposalStrategyText
{
    private const string SamplingForms = "single, same-parent(N), independent(N) or pxn(P,N), with N and P from 1 to 64";
    private const string SelectionForms = "all, best or top-k(K), with K from 1 to 64";
    private const int MaxCount = 64;

    /// <summary>The sampling strategy the text names, or <see langword="null"/> with the reason.</summary>
    public static ISamplingStrategy? ParseSampling(string text, out string? error)
    {
        error = null;
        var m = Form().Match(text.Trim());
        var args = m.Success ? Args(m) : null;
        ISamplingStrategy? result = (m.Success ? m.Groups["name"].Value.ToUpperInvariant() : "", args) switch
        {
            ("SINGLE", []) => new SingleMutationSampling(),
            ("SAME-PARENT", [var n]) when InRange(n) => new SameParentSampling(n),
            ("INDEPENDENT", [var n]) when InRange(n) => new IndependentSampling(n),
            ("PXN", [var p, var n]) when InRange(p) && InRange(n) => new PxNSampling(p, n),
            _ => null,
        };
        if (result is null)
        {
            error = $"'{text}' is not a sampling strategy; write {SamplingForms}.";
        }

        return result;
    }

    /// <summary>The selection strategy the text names, or <see langword="null"/> with the reason.</summary>
    public static ISelectionStrategy? ParseSelection(string text, out string? error)
    {
        error = null;
        var m = Form().Match(text.Trim());
        var args = m.Success ? Args(m) : null;
        ISelectionStrategy? result = (m.Success ? m.Groups["name"].Value.ToUpperInvariant() : "", args) switch
        {
            ("ALL", []) => new AllImprovements(),
            ("BEST", []) => new BestImprovement(),
            ("TOP-K", [var k]) when InRange(k) => new TopKImprovements(k),
            _ => null,
        };
        if (result is null)
        {
            error = $"'{text}' is not a selection strategy; write {SelectionForms}.";
        }

        return result;
    }

    private static bool InRange(int n) => n is >= 1 and <= MaxCount;

    private static int[]? Args(Match m)
    {
        if (!m.Groups["args"].Success)
        {
            return [];
        }

        var parts = m.Groups["args"].Value.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z-]+)\s*(\((?<args>[^)]*)\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Form();
}
