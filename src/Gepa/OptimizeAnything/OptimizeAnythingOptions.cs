using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>Settings of an optimize-anything run. Defaults follow the reference's <c>OptimizeAnythingConfig</c> unless noted.</summary>
public sealed class OptimizeAnythingOptions
{
    /// <summary>Gets or sets what the optimized text should achieve; it shapes the reflection prompt, and with no seed
    /// the reflection model writes the first candidate from it.</summary>
    public string? Objective { get; set; }

    /// <summary>Gets or sets domain knowledge, constraints and strategies the reflection model should respect.</summary>
    public string? Background { get; set; }

    /// <summary>Gets or sets the model that reads the side information and proposes new texts (and writes the seed
    /// in seedless mode, and the samples of <see cref="OptimizeAnythingConstants.BestOfNEngine"/>).</summary>
    /// <value>Required.</value>
    public IChatClient? ReflectionModel { get; set; }

    /// <summary>Gets or sets the evaluation budget: every call of the evaluator counts, failed ones too; the held-out
    /// test set is scored outside it.</summary>
    /// <value>The default is 100; the range is 1 to <see cref="int.MaxValue"/>.</value>
    public int MaxEvaluations { get; set; } = OptimizeAnythingConstants.DefaultMaxEvaluations;

    /// <summary>Gets or sets how many evaluations may run at once.</summary>
    /// <value>The default is 8; the range is 1 to 1024.</value>
    public int MaxConcurrency { get; set; } = OptimizeAnythingConstants.DefaultMaxConcurrency;

    /// <summary>Gets or sets the engine: <c>gepa</c> (the reflective Pareto loop) or <c>best-of-n</c> (the sampling
    /// baseline every result should be compared with).</summary>
    /// <value>The default is <c>gepa</c>.</value>
    public string Engine { get; set; } = OptimizeAnythingConstants.GepaEngine;

    /// <summary>Gets or sets a score at which the run stops early.</summary>
    /// <value>The default is <see langword="null"/>: run until the budget is spent.</value>
    public double? StopAtScore { get; set; }

    /// <summary>Gets or sets how many evaluator failures (exceptions) in a row stop the run with the last one's cause.</summary>
    /// <value>The default is 10; the range is 1 to <see cref="int.MaxValue"/>.</value>
    public int MaxConsecutiveEvaluatorFailures { get; set; } = OptimizeAnythingConstants.DefaultMaxConsecutiveEvaluatorFailures;

    /// <summary>Gets or sets the score an evaluation that threw gets.</summary>
    /// <value>The default is 0.</value>
    public double FailureScore { get; set; }

    /// <summary>Gets or sets how many best evaluations per example <see cref="EvaluationContext.State"/> holds.</summary>
    /// <value>The default is 30; the range is 0 to 10000.</value>
    public int BestEvaluationsPerExample { get; set; } = OptimizeAnythingConstants.DefaultBestEvaluationsPerExample;

    /// <summary>Gets or sets how many stack frames of an evaluator exception the side information shows.</summary>
    /// <value>The default is 5; the range is 0 to 100.</value>
    public int ErrorStackFrames { get; set; } = OptimizeAnythingConstants.DefaultErrorStackFrames;

    /// <summary>Gets or sets whether the reflection model sees each example's numeric score.</summary>
    /// <value>The default is <see langword="true"/>. The reference shows only what the side information holds; set
    /// <see langword="false"/> (or <see cref="ReferencePrompts"/>) for that.</value>
    public bool ShowScoreToReflection { get; set; } = true;

    /// <summary>Gets or sets whether the reflection and seed prompts use the reference's wording verbatim instead of ours.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool ReferencePrompts { get; set; }

    /// <summary>Gets or sets the run directory: every evaluation is written under <c>evals/</c>, and the gepa engine's
    /// state, candidates and summary as for prompt runs, so that the run can be resumed and reported.</summary>
    /// <value>The default is <see langword="null"/>: nothing is written.</value>
    public string? RunDirectory { get; set; }

    /// <summary>Gets or sets how the example id of a dataset item is found (the reference reads an <c>id</c> field).</summary>
    /// <value>The default is <see langword="null"/>: <c>train_&lt;i&gt;</c> and <c>val_&lt;i&gt;</c>.</value>
    public Func<object?, string?>? ExampleId { get; set; }

    /// <summary>Gets the engine knobs of the gepa engine (seed, selection, frontier, merge, templates). Its budget is
    /// set from <see cref="MaxEvaluations"/>; a reflection template there cannot be combined with
    /// <see cref="Objective"/> or <see cref="Background"/>. Its budget policy is <see cref="BudgetPolicy.Fixed"/> (the
    /// reference's allocation), not the library's adaptive default: an evaluator's scores are not bounded by
    /// <see cref="GepaOptions.PerfectScore"/>, which the adaptive policy's focused minibatch and races read as "passed",
    /// and its budgets of a few dozen evaluations are smaller than one focused minibatch pays for. Set
    /// <see cref="GepaOptions.BudgetPolicy"/> to <see cref="BudgetPolicy.Adaptive"/> here to try it anyway.</summary>
    public GepaOptions Gepa { get; } = new() { SkipPerfectScore = false, BudgetPolicy = BudgetPolicy.Fixed };

    /// <summary>Gets or sets how the gepa engine's run directory is created (configuration snapshot, resume command, redaction).</summary>
    /// <value>The default is <see langword="null"/>: no snapshot, producer <c>Gepa.OptimizeAnything</c>.</value>
    public GepaRunDirectoryOptions? RunDirectoryOptions { get; set; }

    /// <summary>Gets or sets where progress is logged.</summary>
    public ILogger? Logger { get; set; }
}
