namespace Gepa.Strategies;

/// <summary>The reference's epoch-shuffled minibatch sampler (§2.6): a shuffled pass over the training set, padded to
/// a multiple of the minibatch size, indexed by the global iteration number.</summary>
/// <param name="minibatchSize">The number of examples in each minibatch.</param>
/// <param name="random">The random source the epochs are shuffled with (the run's own, for the built-in).</param>
public sealed class EpochShuffledBatchSampler(int minibatchSize, PythonRandom random) : IBatchSampler, ICheckpointSlice
{
    private List<int> _shuffled = [];
    private int _epoch = -1;
    private int _lastSize;
    private int _currentIteration = -1;
    private int _callsInIteration;

    /// <summary>Gets the sampler's position, for checkpoints.</summary>
    internal (IReadOnlyList<int> Shuffled, int Epoch, int LastSize) Snapshot => (_shuffled, _epoch, _lastSize);

    /// <summary>Restores the position captured by <see cref="Snapshot"/>.</summary>
    internal void Restore(IEnumerable<int> shuffled, int epoch, int lastSize)
    {
        _shuffled = [.. shuffled];
        _epoch = epoch;
        _lastSize = lastSize;
    }

    /// <inheritdoc/>
    public IReadOnlyList<int> NextMinibatchIds(IGepaStateView state, int parent)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Next(state.TrainsetSize, state.Iteration);
    }

    /// <inheritdoc/>
    void ICheckpointSlice.SaveTo(GepaCheckpoint checkpoint)
    {
        checkpoint.SamplerOrder = [.. _shuffled];
        checkpoint.SamplerEpoch = _epoch;
        checkpoint.SamplerLastSize = _lastSize;
    }

    /// <inheritdoc/>
    void ICheckpointSlice.RestoreFrom(GepaCheckpoint checkpoint) => Restore(checkpoint.SamplerOrder, checkpoint.SamplerEpoch, checkpoint.SamplerLastSize);

    /// <summary>Returns the minibatch for an iteration (0-based, as the reference's <c>state.i</c>).</summary>
    /// <param name="trainsetSize">The number of training examples.</param>
    /// <param name="iteration">The iteration, 0-based.</param>
    /// <returns>The example indexes.</returns>
    public IReadOnlyList<int> Next(int trainsetSize, int iteration)
    {
        if (trainsetSize == 0)
        {
            throw new InvalidOperationException("The trainset is empty.");
        }

        // Several proposals in one iteration each get the next chunk, as the reference's sampler does.
        _callsInIteration = iteration == _currentIteration ? _callsInIteration + 1 : 0;
        _currentIteration = iteration;
        var mb = minibatchSize;
        var baseIndex = iteration * mb;
        var currentEpoch = _epoch == -1 ? 0 : baseIndex / Math.Max(_shuffled.Count, 1);
        if (_shuffled.Count == 0 || trainsetSize != _lastSize || currentEpoch > _epoch)
        {
            _epoch = currentEpoch;
            _lastSize = trainsetSize;
            var ids = Enumerable.Range(0, trainsetSize).ToList();
            random.Shuffle(ids);

            // Pad with the least frequent id; on ties the one seen last in first-occurrence order
            // (Python: Counter.most_common()[::-1][0]).
            var frequency = new OrderedDictionary<int, int>();
            foreach (var id in ids)
            {
                frequency[id] = frequency.TryGetValue(id, out var c) ? c + 1 : 1;
            }

            var pad = (mb - (trainsetSize % mb)) % mb;
            for (var p = 0; p < pad; p++)
            {
                var least = frequency.Values.Min();
                var pick = frequency.Last(kv => kv.Value == least).Key;
                ids.Add(pick);
                frequency[pick]++;
            }

            _shuffled = ids;
        }

        var start = (baseIndex + (_callsInIteration * mb)) % _shuffled.Count;
        return [.. _shuffled.Skip(start).Take(mb)];
    }
}
