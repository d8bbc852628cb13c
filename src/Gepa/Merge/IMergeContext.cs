namespace Gepa.Strategies;

/// <summary>What an <see cref="IMergeTrigger"/> may read and ask in a run.</summary>
public interface IMergeContext
{
    /// <summary>Gets the run's state.</summary>
    IGepaStateView State { get; }

    /// <summary>Gets the iteration number (1-based).</summary>
    int Iteration { get; }

    /// <summary>Gets whether the reference's schedule has a merge due: merges are on (<c>GepaOptions.UseMerge</c>),
    /// fewer than <c>GepaOptions.MaxMergeInvocations</c> were tried, and the last iteration found a new candidate.</summary>
    bool ScheduleIsDue { get; }

    /// <summary>The reference's choice: two front candidates, drawn from the run's random source, with a common ancestor
    /// whose merge was not tried before.</summary>
    /// <returns>The merge, or <see langword="null"/> when no pair can be merged.</returns>
    MergePlan? ProposeFromFront();

    /// <summary>The first of <paramref name="pairs"/> (in order) that has a usable common ancestor and was not merged
    /// before.</summary>
    /// <param name="pairs">Pairs of pool indexes, the preferred first.</param>
    /// <returns>The merge, or <see langword="null"/> when none of them can be merged.</returns>
    MergePlan? ProposeFromPairs(IReadOnlyList<(int I, int J)> pairs);
}
