namespace Gepa;

/// <summary>The events the engine raises as it works, one per event of the Python reference (plus
/// <see cref="OnProposalFailed"/>), each open to any number of subscribers.</summary>
/// <remarks>
/// <para>Subscribe with <see cref="GepaEvent{TArgs}.Subscribe"/>, for example
/// <c>options.Callbacks.OnCandidateAccepted.Subscribe(a => { ... return ValueTask.CompletedTask; })</c>; dispose the
/// returned handle to unsubscribe. Subscribers run on the engine's flow, in order, and are awaited. An exception thrown
/// by a subscriber is logged as a warning and does not stop the run (nor the other subscribers), as in the reference.</para>
/// </remarks>
public sealed class GepaCallbacks
{
    /// <summary>Gets the event raised when the run starts, after validation and before the seed is evaluated.</summary>
    public GepaEvent<OptimizationStartArgs> OnOptimizationStart { get; } = new();

    /// <summary>Gets the event raised when the run ends.</summary>
    public GepaEvent<OptimizationEndArgs> OnOptimizationEnd { get; } = new();

    /// <summary>Gets the event raised when an iteration starts.</summary>
    public GepaEvent<IterationStartArgs> OnIterationStart { get; } = new();

    /// <summary>Gets the event raised when an iteration ends.</summary>
    public GepaEvent<IterationEndArgs> OnIterationEnd { get; } = new();

    /// <summary>Gets the event raised when a parent is chosen for reflective mutation.</summary>
    public GepaEvent<CandidateSelectedArgs> OnCandidateSelected { get; } = new();

    /// <summary>Gets the event raised when a training minibatch is drawn.</summary>
    public GepaEvent<MinibatchSampledArgs> OnMinibatchSampled { get; } = new();

    /// <summary>Gets the event raised when a candidate is about to be evaluated on a minibatch.</summary>
    public GepaEvent<EvaluationStartArgs> OnEvaluationStart { get; } = new();

    /// <summary>Gets the event raised when a minibatch evaluation finished.</summary>
    public GepaEvent<EvaluationEndArgs> OnEvaluationEnd { get; } = new();

    /// <summary>Gets the event raised when reflection is skipped after the parent's minibatch evaluation.</summary>
    public GepaEvent<EvaluationSkippedArgs> OnEvaluationSkipped { get; } = new();

    /// <summary>Gets the event raised when a candidate was evaluated on the validation set.</summary>
    public GepaEvent<ValsetEvaluatedArgs> OnValsetEvaluated { get; } = new();

    /// <summary>Gets the event raised when the reflective records for a proposal were built.</summary>
    public GepaEvent<ReflectiveDatasetBuiltArgs> OnReflectiveDatasetBuilt { get; } = new();

    /// <summary>Gets the event raised when the reflection model is about to be asked for new texts.</summary>
    public GepaEvent<ProposalStartArgs> OnProposalStart { get; } = new();

    /// <summary>Gets the event raised when the reflection model proposed new texts.</summary>
    public GepaEvent<ProposalEndArgs> OnProposalEnd { get; } = new();

    /// <summary>Gets the event raised when a proposal could not be made (the reflection model failed or replied with nothing usable, after retries).</summary>
    public GepaEvent<ProposalFailedArgs> OnProposalFailed { get; } = new();

    /// <summary>Gets the event raised when a new candidate was added to the pool.</summary>
    public GepaEvent<CandidateAcceptedArgs> OnCandidateAccepted { get; } = new();

    /// <summary>Gets the event raised when a child was not accepted.</summary>
    public GepaEvent<CandidateRejectedArgs> OnCandidateRejected { get; } = new();

    /// <summary>Gets the event raised when a merged candidate was built and evaluated on a subsample.</summary>
    public GepaEvent<MergeAttemptedArgs> OnMergeAttempted { get; } = new();

    /// <summary>Gets the event raised when a merged candidate was added to the pool.</summary>
    public GepaEvent<MergeAcceptedArgs> OnMergeAccepted { get; } = new();

    /// <summary>Gets the event raised when a merged candidate did not match its better parent on the subsample.</summary>
    public GepaEvent<MergeRejectedArgs> OnMergeRejected { get; } = new();

    /// <summary>Gets the event raised when the Pareto front changed after a candidate was added.</summary>
    public GepaEvent<ParetoFrontUpdatedArgs> OnParetoFrontUpdated { get; } = new();

    /// <summary>Gets the event raised when the run state was saved.</summary>
    public GepaEvent<StateSavedArgs> OnStateSaved { get; } = new();

    /// <summary>Gets the event raised when metric calls were spent.</summary>
    public GepaEvent<BudgetUpdatedArgs> OnBudgetUpdated { get; } = new();

    /// <summary>Gets the event raised when an iteration failed.</summary>
    public GepaEvent<ErrorArgs> OnError { get; } = new();

    /// <summary>Gets the event raised with the run's full state at every iteration boundary (after the seed's
    /// evaluation, after each iteration, and when the run stops other than by cancellation). Write it to resume later.</summary>
    public GepaEvent<GepaCheckpoint> OnCheckpoint { get; } = new();

    /// <summary>Adds every subscriber of <paramref name="other"/> (those it has now) after this instance's own, so that
    /// callbacks prepared apart can watch one run together.</summary>
    /// <param name="other">The callbacks to add.</param>
    /// <returns>This instance.</returns>
    public GepaCallbacks Add(GepaCallbacks other)
    {
        ArgumentNullException.ThrowIfNull(other);
        OnOptimizationStart.AddFrom(other.OnOptimizationStart);
        OnOptimizationEnd.AddFrom(other.OnOptimizationEnd);
        OnIterationStart.AddFrom(other.OnIterationStart);
        OnIterationEnd.AddFrom(other.OnIterationEnd);
        OnCandidateSelected.AddFrom(other.OnCandidateSelected);
        OnMinibatchSampled.AddFrom(other.OnMinibatchSampled);
        OnEvaluationStart.AddFrom(other.OnEvaluationStart);
        OnEvaluationEnd.AddFrom(other.OnEvaluationEnd);
        OnEvaluationSkipped.AddFrom(other.OnEvaluationSkipped);
        OnValsetEvaluated.AddFrom(other.OnValsetEvaluated);
        OnReflectiveDatasetBuilt.AddFrom(other.OnReflectiveDatasetBuilt);
        OnProposalStart.AddFrom(other.OnProposalStart);
        OnProposalEnd.AddFrom(other.OnProposalEnd);
        OnProposalFailed.AddFrom(other.OnProposalFailed);
        OnCandidateAccepted.AddFrom(other.OnCandidateAccepted);
        OnCandidateRejected.AddFrom(other.OnCandidateRejected);
        OnMergeAttempted.AddFrom(other.OnMergeAttempted);
        OnMergeAccepted.AddFrom(other.OnMergeAccepted);
        OnMergeRejected.AddFrom(other.OnMergeRejected);
        OnParetoFrontUpdated.AddFrom(other.OnParetoFrontUpdated);
        OnStateSaved.AddFrom(other.OnStateSaved);
        OnBudgetUpdated.AddFrom(other.OnBudgetUpdated);
        OnError.AddFrom(other.OnError);
        OnCheckpoint.AddFrom(other.OnCheckpoint);
        return this;
    }
}
