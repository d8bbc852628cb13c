namespace Gepa;

/// <summary>The defaults and names of <see cref="OptimizeAnythingOptions"/>.</summary>
public static class OptimizeAnythingConstants
{
    /// <summary>The engine name of GEPA's reflective Pareto loop.</summary>
    public const string GepaEngine = "gepa";

    /// <summary>The engine name of the sampling baseline: independent samples from the reflection model, keep the best.</summary>
    public const string BestOfNEngine = "best-of-n";

    /// <summary>The component name a text seed gets, as in the reference.</summary>
    public const string TextComponent = "current_candidate";

    /// <summary>The example id of single-task mode, as in the reference.</summary>
    public const string SingleExampleId = "_single";

    /// <summary>The default evaluation budget (the reference's <c>max_evals</c>).</summary>
    public const int DefaultMaxEvaluations = 100;

    /// <summary>The default number of evaluations that may run at once.</summary>
    public const int DefaultMaxConcurrency = 8;

    /// <summary>The default number of evaluator failures in a row that stop a run.</summary>
    public const int DefaultMaxConsecutiveEvaluatorFailures = 10;

    /// <summary>The default number of best evaluations kept per example for <see cref="OptimizationState"/> (the
    /// reference's <c>best_example_evals_k</c>).</summary>
    public const int DefaultBestEvaluationsPerExample = 30;

    /// <summary>The default number of stack frames of an evaluator exception shown as side information.</summary>
    public const int DefaultErrorStackFrames = 5;

    /// <summary>How many examples the seedless prompt shows (the reference shows the first three).</summary>
    public const int SeedSampleInputs = 3;
}
