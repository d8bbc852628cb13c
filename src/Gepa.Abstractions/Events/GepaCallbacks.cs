namespace Gepa;

/// <summary>Callbacks the engine raises as it works, one per event of the Python reference (plus
/// <see cref="OnProposalFailed"/>).</summary>
/// <remarks>
/// <para>Callbacks run on the engine's flow, in order, and are awaited. An exception thrown by a callback is logged
/// as a warning and does not stop the run, as in the reference.</para>
/// </remarks>
public sealed class GepaCallbacks
{
    /// <summary>Gets or sets the callback raised when the run starts, after validation and before the seed is evaluated.</summary>
    public Func<OptimizationStartArgs, ValueTask>? OnOptimizationStart { get; set; }

    /// <summary>Gets or sets the callback raised when the run ends.</summary>
    public Func<OptimizationEndArgs, ValueTask>? OnOptimizationEnd { get; set; }

    /// <summary>Gets or sets the callback raised when an iteration starts.</summary>
    public Func<IterationStartArgs, ValueTask>? OnIterationStart { get; set; }

    /// <summary>Gets or sets the callback raised when an iteration ends.</summary>
    public Func<IterationEndArgs, ValueTask>? OnIterationEnd { get; set; }

    /// <summary>Gets or sets the callback raised when a parent is chosen for reflective mutation.</summary>
    public Func<CandidateSelectedArgs, ValueTask>? OnCandidateSelected { get; set; }

    /// <summary>Gets or sets the callback raised when a training minibatch is drawn.</summary>
    public Func<MinibatchSampledArgs, ValueTask>? OnMinibatchSampled { get; set; }

    /// <summary>Gets or sets the callback raised when a candidate is about to be evaluated on a minibatch.</summary>
    public Func<EvaluationStartArgs, ValueTask>? OnEvaluationStart { get; set; }

    /// <summary>Gets or sets the callback raised when a minibatch evaluation finished.</summary>
    public Func<EvaluationEndArgs, ValueTask>? OnEvaluationEnd { get; set; }

    /// <summary>Gets or sets the callback raised when reflection is skipped after the parent's minibatch evaluation.</summary>
    public Func<EvaluationSkippedArgs, ValueTask>? OnEvaluationSkipped { get; set; }

    /// <summary>Gets or sets the callback raised when a candidate was evaluated on the validation set.</summary>
    public Func<ValsetEvaluatedArgs, ValueTask>? OnValsetEvaluated { get; set; }

    /// <summary>Gets or sets the callback raised when the reflective records for a proposal were built.</summary>
    public Func<ReflectiveDatasetBuiltArgs, ValueTask>? OnReflectiveDatasetBuilt { get; set; }

    /// <summary>Gets or sets the callback raised when the reflection model is about to be asked for new texts.</summary>
    public Func<ProposalStartArgs, ValueTask>? OnProposalStart { get; set; }

    /// <summary>Gets or sets the callback raised when the reflection model proposed new texts.</summary>
    public Func<ProposalEndArgs, ValueTask>? OnProposalEnd { get; set; }

    /// <summary>Gets or sets the callback raised when a proposal could not be made (the reflection model failed or replied with nothing usable, after retries).</summary>
    public Func<ProposalFailedArgs, ValueTask>? OnProposalFailed { get; set; }

    /// <summary>Gets or sets the callback raised when a new candidate was added to the pool.</summary>
    public Func<CandidateAcceptedArgs, ValueTask>? OnCandidateAccepted { get; set; }

    /// <summary>Gets or sets the callback raised when a child was not accepted.</summary>
    public Func<CandidateRejectedArgs, ValueTask>? OnCandidateRejected { get; set; }

    /// <summary>Gets or sets the callback raised when a merged candidate was built and evaluated on a subsample.</summary>
    public Func<MergeAttemptedArgs, ValueTask>? OnMergeAttempted { get; set; }

    /// <summary>Gets or sets the callback raised when a merged candidate was added to the pool.</summary>
    public Func<MergeAcceptedArgs, ValueTask>? OnMergeAccepted { get; set; }

    /// <summary>Gets or sets the callback raised when a merged candidate did not match its better parent on the subsample.</summary>
    public Func<MergeRejectedArgs, ValueTask>? OnMergeRejected { get; set; }

    /// <summary>Gets or sets the callback raised when the Pareto front changed after a candidate was added.</summary>
    public Func<ParetoFrontUpdatedArgs, ValueTask>? OnParetoFrontUpdated { get; set; }

    /// <summary>Gets or sets the callback raised when the run state was saved.</summary>
    public Func<StateSavedArgs, ValueTask>? OnStateSaved { get; set; }

    /// <summary>Gets or sets the callback raised when metric calls were spent.</summary>
    public Func<BudgetUpdatedArgs, ValueTask>? OnBudgetUpdated { get; set; }

    /// <summary>Gets or sets the callback raised when an iteration failed.</summary>
    public Func<ErrorArgs, ValueTask>? OnError { get; set; }

    /// <summary>Gets or sets the callback raised with the run's full state at every iteration boundary (after the seed's
    /// evaluation, after each iteration, and when the run stops other than by cancellation). Write it to resume later.</summary>
    public Func<GepaCheckpoint, ValueTask>? OnCheckpoint { get; set; }

    /// <summary>Adds every callback of <paramref name="other"/> after this instance's own, so that several observers
    /// (a progress display, a run-directory writer, your own code) can watch one run.</summary>
    /// <param name="other">The callbacks to add.</param>
    /// <returns>This instance.</returns>
    /// <remarks>When several handlers are chained and some throw, the others still run; the exceptions are then
    /// rethrown together as an <see cref="AggregateException"/> (which the engine logs).</remarks>
    public GepaCallbacks Add(GepaCallbacks other)
    {
        ArgumentNullException.ThrowIfNull(other);
        OnOptimizationStart = Chain(OnOptimizationStart, other.OnOptimizationStart);
        OnOptimizationEnd = Chain(OnOptimizationEnd, other.OnOptimizationEnd);
        OnIterationStart = Chain(OnIterationStart, other.OnIterationStart);
        OnIterationEnd = Chain(OnIterationEnd, other.OnIterationEnd);
        OnCandidateSelected = Chain(OnCandidateSelected, other.OnCandidateSelected);
        OnMinibatchSampled = Chain(OnMinibatchSampled, other.OnMinibatchSampled);
        OnEvaluationStart = Chain(OnEvaluationStart, other.OnEvaluationStart);
        OnEvaluationEnd = Chain(OnEvaluationEnd, other.OnEvaluationEnd);
        OnEvaluationSkipped = Chain(OnEvaluationSkipped, other.OnEvaluationSkipped);
        OnValsetEvaluated = Chain(OnValsetEvaluated, other.OnValsetEvaluated);
        OnReflectiveDatasetBuilt = Chain(OnReflectiveDatasetBuilt, other.OnReflectiveDatasetBuilt);
        OnProposalStart = Chain(OnProposalStart, other.OnProposalStart);
        OnProposalEnd = Chain(OnProposalEnd, other.OnProposalEnd);
        OnProposalFailed = Chain(OnProposalFailed, other.OnProposalFailed);
        OnCandidateAccepted = Chain(OnCandidateAccepted, other.OnCandidateAccepted);
        OnCandidateRejected = Chain(OnCandidateRejected, other.OnCandidateRejected);
        OnMergeAttempted = Chain(OnMergeAttempted, other.OnMergeAttempted);
        OnMergeAccepted = Chain(OnMergeAccepted, other.OnMergeAccepted);
        OnMergeRejected = Chain(OnMergeRejected, other.OnMergeRejected);
        OnParetoFrontUpdated = Chain(OnParetoFrontUpdated, other.OnParetoFrontUpdated);
        OnStateSaved = Chain(OnStateSaved, other.OnStateSaved);
        OnBudgetUpdated = Chain(OnBudgetUpdated, other.OnBudgetUpdated);
        OnError = Chain(OnError, other.OnError);
        OnCheckpoint = Chain(OnCheckpoint, other.OnCheckpoint);
        return this;
    }

    private static Func<T, ValueTask>? Chain<T>(Func<T, ValueTask>? first, Func<T, ValueTask>? second)
    {
        if (first is null || second is null)
        {
            return first ?? second;
        }

        return async args =>
        {
            List<Exception>? errors = null;
            foreach (var handler in new[] { first, second })
            {
                try
                {
                    await handler(args).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Every observer runs; failures are reported together below.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    (errors ??= []).Add(ex);
                }
            }

            if (errors is not null)
            {
                throw new AggregateException(errors);
            }
        };
    }
}
