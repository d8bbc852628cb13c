using Gepa.Strategies;

namespace Gepa;

/// <summary>The adaptive policy's sampler: minibatches drawn mostly from the training examples the parent is not
/// predicted to pass, with a few guards it is.</summary>
/// <param name="adaptive">The adaptive policy, whose state holds the observed training scores.</param>
/// <param name="options">The run settings.</param>
internal sealed class FocusedBatchSampler(AdaptiveController adaptive, GepaOptions options) : IBatchSampler, ITrainScoreObserver, ICheckpointSlice
{
    /// <inheritdoc/>
    public IReadOnlyList<int> NextMinibatchIds(IGepaStateView state, int parent)
    {
        var s = StateViews.Unwrap(state);
        return FocusedMinibatch.Choose(adaptive.State, AdaptiveController.MinibatchSize(options, state.TrainsetSize), adaptive.Options.MinibatchGuards, state.TrainsetSize, id => PredictedToPass(s, parent, id), state.Random);
    }

    /// <inheritdoc/>
    public void Record(int candidate, IReadOnlyList<int> ids, IReadOnlyList<double> scores) => adaptive.RecordTrainScores(candidate, ids, scores);

    /// <inheritdoc/>
    public void SaveTo(GepaCheckpoint checkpoint) => checkpoint.SamplerEpoch = -1; // no epoch drawn: reads as an unused epoch sampler

    /// <inheritdoc/>
    public void RestoreFrom(GepaCheckpoint checkpoint)
    {
        // The observed scores this sampler predicts from are part of the adaptive policy's slice.
    }

    /// <summary>Whether the focused minibatch predicts that a candidate passes a training example.</summary>
    private bool PredictedToPass(GepaState state, int candidate, int example) =>
        FocusedMinibatch.Predict(candidate, example, state.Parents, adaptive.State.TrainScores) is { } score && score >= options.PerfectScore;
}
