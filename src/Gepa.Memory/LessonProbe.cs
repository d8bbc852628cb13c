namespace Gepa;

/// <summary>Tests, before a run trusts the lessons memory retrieved for it, whether they apply to this task: the engine's
/// own acceptance test put to memory, on the task's own data. The seed with the lessons appended
/// (<see cref="StartingCandidates.AugmentSeed"/>: the lessons applied directly) and the seed are scored on the first
/// examples of the validation set, and the lessons pass only when the augmented seed's mean is strictly higher, as a
/// child must score strictly higher than its parent on a minibatch to be accepted. Lessons that apply to none of the
/// task's examples (foreign rules) can only tie, so they fail, and the run is the cold run apart from the probe's
/// rollouts.</summary>
/// <remarks>The sample is a fixed prefix, not a sequential test: stopping at the first lead would let noise pass
/// (a tied walk leads somewhere by chance). Its size is <see cref="SampleSize"/>: at most
/// <see cref="MemoryConstants.MaxProbeExamples"/>, and no more than the start's budget share can pay for twice.</remarks>
public static class LessonProbe
{
    /// <summary>Returns how many validation examples the probe scores: the validation set's size, at most
    /// <paramref name="maxExamples"/>, and at most half of the start's cap (two candidates are scored on each).</summary>
    /// <param name="validationCount">The validation set's size.</param>
    /// <param name="budget">The rollouts the start may draw from (the run's budget less the seed's own validation).</param>
    /// <param name="maxBudgetShare">The largest share of <paramref name="budget"/> the start may spend.</param>
    /// <param name="maxExamples">The most examples (<see cref="MemoryConstants.MaxProbeExamples"/> by default).</param>
    /// <returns>The sample's size; 0 when not even one example can be paid for.</returns>
    public static int SampleSize(int validationCount, int budget, double maxBudgetShare, int maxExamples = MemoryConstants.MaxProbeExamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExamples, 1);
        var cap = (int)Math.Floor(budget * Math.Clamp(maxBudgetShare, 0, 1));
        return Math.Max(0, Math.Min(Math.Min(validationCount, maxExamples), cap / 2));
    }

    /// <summary>Scores the seed and the augmented seed on the first <paramref name="examples"/> validation examples and
    /// says whether the lessons pass.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="augmented">The seed with the retrieved lessons appended.</param>
    /// <param name="examples">The sample's size (<see cref="SampleSize"/>).</param>
    /// <param name="score">Scores a candidate on the first n validation examples: one score per example, in order.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result; <see cref="LessonProbeResult.NotRun"/> (not passed, nothing spent) when
    /// <paramref name="examples"/> is 0 or the augmented seed is the seed itself (no lessons).</returns>
    /// <exception cref="InvalidOperationException"><paramref name="score"/> returned a different number of scores.</exception>
    public static async Task<LessonProbeResult> RunAsync(Candidate seed, Candidate augmented, int examples, Func<Candidate, int, CancellationToken, Task<IReadOnlyList<double>>> score, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(augmented);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfNegative(examples);
        if (examples == 0 || augmented.Equals(seed))
        {
            return LessonProbeResult.NotRun;
        }

        var seedScores = await score(seed, examples, cancellationToken);
        var augmentedScores = await score(augmented, examples, cancellationToken);
        if (seedScores.Count != examples || augmentedScores.Count != examples)
        {
            throw new InvalidOperationException($"The probe asked for scores on {examples} examples and got {seedScores.Count} and {augmentedScores.Count}.");
        }

        return new LessonProbeResult
        {
            // Sums, not means: the same count on both sides, and no rounding can turn a tie into a win.
            Passed = augmentedScores.Sum() > seedScores.Sum(),
            Examples = examples,
            SeedScores = [.. seedScores],
            AugmentedScores = [.. augmentedScores],
        };
    }
}
