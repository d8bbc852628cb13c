namespace Gepa;

/// <summary>The defaults of <see cref="GepaOptions"/>, taken from the Python reference (gepa 0.1.4) unless noted.</summary>
public static class GepaConstants
{
    /// <summary>The default random seed.</summary>
    public const int DefaultSeed = 0;

    /// <summary>The default reflection minibatch size.</summary>
    public const int DefaultMinibatchSize = 3;

    /// <summary>The default perfect score used by <see cref="GepaOptions.SkipPerfectScore"/>.</summary>
    public const double DefaultPerfectScore = 1.0;

    /// <summary>The default probability of exploring with <see cref="CandidateSelection.EpsilonGreedy"/>.</summary>
    public const double DefaultEpsilon = 0.1;

    /// <summary>The default k of <see cref="CandidateSelection.TopKPareto"/>.</summary>
    public const int DefaultTopK = 5;

    /// <summary>The default cap on accepted merges.</summary>
    public const int DefaultMaxMergeInvocations = 5;

    /// <summary>The default minimum number of validation examples two merge parents must share.</summary>
    public const int DefaultMergeValOverlapFloor = 5;

    /// <summary>The default merge subsample size.</summary>
    public const int DefaultMergeSubsampleSize = 5;

    /// <summary>The default number of consecutive failed iterations that stops a run (ours; the reference has none).</summary>
    public const int DefaultMaxConsecutiveFailures = 5;

    /// <summary>The default number of retries of a failed reflection call (ours; the reference retries once).</summary>
    public const int DefaultReflectionRetries = 2;

    /// <summary>The default number of iterations in a row that may spend no rollouts before the run stops (ours).</summary>
    public const int DefaultMaxIdleIterations = 20;

    /// <summary>The default budget policy (ours): <see cref="BudgetPolicy.Adaptive"/>, which reached a higher test score
    /// than the reference's allocation, or an equal one within noise near a noise-capped ceiling, in every simulated
    /// world, pipeline and budget measured (docs/robustness.md, docs/adaptive-budget.md). <see cref="GepaOptions.ReferenceMode"/> uses <see cref="BudgetPolicy.Fixed"/> whatever
    /// this says.</summary>
    public const BudgetPolicy DefaultBudgetPolicy = BudgetPolicy.Adaptive;
}
