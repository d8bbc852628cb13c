using System.Globalization;

namespace Gepa;

/// <summary>Which calls of a step called several times in one rollout (hops, loops) become reflective records.</summary>
/// <remarks>Deterministic by construction. Whatever the rule, a call whose reply failed to parse is always taken (the
/// first such call), because a format failure is the most useful signal the step has.</remarks>
public sealed class StepCallSelection
{
    private StepCallSelection(string kind, int max)
    {
        Kind = kind;
        Max = max;
    }

    /// <summary>Gets the rule that takes the last call (the default: the call closest to the output).</summary>
    public static StepCallSelection Last { get; } = new("last", 1);

    /// <summary>Gets the rule that takes the first call.</summary>
    public static StepCallSelection First { get; } = new("first", 1);

    /// <summary>Gets the rule's name: <c>last</c>, <c>first</c> or <c>all</c>.</summary>
    public string Kind { get; }

    /// <summary>Gets the most calls taken per rollout.</summary>
    public int Max { get; }

    /// <summary>Creates the rule that takes every call, in order, up to <paramref name="max"/> per rollout.</summary>
    /// <param name="max">The most calls per rollout (at least 1).</param>
    /// <returns>The rule.</returns>
    public static StepCallSelection All(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return new("all", max);
    }

    /// <summary>Parses <c>last</c>, <c>first</c>, <c>all</c> or <c>all:N</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="FormatException">The text is none of those.</exception>
    public static StepCallSelection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t == "last")
        {
            return Last;
        }

        if (t == "first")
        {
            return First;
        }

        if (t == "all")
        {
            return All(int.MaxValue);
        }

        return t.StartsWith("all:", StringComparison.Ordinal) && int.TryParse(t.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? All(n)
            : throw new FormatException($"'{text}' is not a call selection; use last, first, all or all:N (N at least 1).");
    }

    /// <summary>Selects the calls to turn into records.</summary>
    /// <param name="calls">One step's calls in one rollout, in order.</param>
    /// <returns>The selected calls, in order.</returns>
    public IReadOnlyList<StepCall> Select(IReadOnlyList<StepCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            return [];
        }

        var failed = calls.FirstOrDefault(c => c.Failed);
        if (failed is not null && Kind != "all")
        {
            return [failed];
        }

        return Kind switch
        {
            "first" => [calls[0]],
            "last" => [calls[^1]],
            _ => failed is null || calls.Take(Max).Contains(failed) ? [.. calls.Take(Max)] : [.. calls.Take(Max - 1), failed],
        };
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == "all" ? (Max == int.MaxValue ? "all" : string.Create(CultureInfo.InvariantCulture, $"all:{Max}")) : Kind;
}
