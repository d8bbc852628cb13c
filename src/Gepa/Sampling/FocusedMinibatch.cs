namespace Gepa;

/// <summary>The training side of the adaptive policy: minibatches drawn from the examples the parent is not known to
/// pass, and a child's minibatch evaluation that stops as soon as the child cannot be accepted.</summary>
/// <remarks>
/// <para>Reflection learns only from what went wrong: an example the parent passes gives it nothing to work with, and
/// a minibatch the parent passes entirely ends the iteration with nothing proposed, its rollouts wasted. Late in a run
/// that is most minibatches. Every training score the run observes is remembered per candidate; the parent's score on
/// an example is predicted by its own observation, else by its nearest ancestor's (a proposal is an edit of its
/// parent, so where it was not observed its parent's behaviour is the best prediction). The minibatch is then the next
/// examples of a shuffled pass over the training set that are not predicted to pass; examples predicted to pass are
/// passed over until the next pass, and fill the minibatch only when too few others remain.</para>
/// </remarks>
internal static class FocusedMinibatch
{
    /// <summary>The parent's predicted score on a training example: its own observation, else that of its nearest
    /// ancestor (first parents first), or <see langword="null"/> when nobody in its lineage was scored there.</summary>
    public static double? Predict(int candidate, int example, IReadOnlyList<int[]> parents, IReadOnlyDictionary<int, Dictionary<int, double>> observed)
    {
        var k = candidate;
        while (true)
        {
            if (observed.TryGetValue(k, out var scores) && scores.TryGetValue(example, out var score))
            {
                return score;
            }

            if (parents[k].Length == 0)
            {
                return null;
            }

            k = parents[k][0];
        }
    }

    /// <summary>Chooses the next minibatch: walking a shuffled pass over the training set from its cursor, the first
    /// examples the parent is not predicted to pass, and the first <paramref name="guards"/> examples it is predicted to
    /// pass, so that a child that breaks what its parent did is caught on the minibatch. The other examples predicted to
    /// pass are passed over until the next pass; they fill the minibatch when a whole pass has too few others. A pass
    /// that runs out is reshuffled.</summary>
    /// <param name="state">The policy's state, which holds the pass and its cursor.</param>
    /// <param name="size">The minibatch size.</param>
    /// <param name="guards">How many examples predicted to pass a minibatch includes when it can.</param>
    /// <param name="trainsetSize">The number of training examples.</param>
    /// <param name="predictedToPass">Whether the parent is predicted to pass an example.</param>
    /// <param name="random">The engine's random stream, which shuffles each pass.</param>
    public static List<int> Choose(AdaptiveState state, int size, int guards, int trainsetSize, Func<int, bool> predictedToPass, PythonRandom random)
    {
        var want = Math.Min(size, trainsetSize);
        var chosen = new List<int>(want);
        var guardList = new List<int>(guards);
        var passedOver = new List<int>();
        for (var scanned = 0; scanned < trainsetSize && chosen.Count + guardList.Count < want; scanned++)
        {
            if (state.TrainCursor >= state.TrainOrder.Count || state.TrainOrder.Count != trainsetSize)
            {
                var ids = Enumerable.Range(0, trainsetSize).ToList();
                random.Shuffle(ids);
                state.TrainOrder = ids;
                state.TrainCursor = 0;
            }

            var id = state.TrainOrder[state.TrainCursor++];
            if (chosen.Contains(id) || passedOver.Contains(id) || guardList.Contains(id))
            {
                continue; // a reshuffle within the scan can bring an example back
            }

            if (predictedToPass(id))
            {
                (guardList.Count < guards ? guardList : passedOver).Add(id);
            }
            else
            {
                chosen.Add(id);
            }
        }

        passedOver.InsertRange(0, guardList);
        foreach (var id in passedOver)
        {
            if (chosen.Count >= want)
            {
                break;
            }

            chosen.Add(id);
        }

        return chosen;
    }

    /// <summary>The order in which a child is scored on the parent's minibatch: first the examples the parent did not
    /// pass, then the rest (positions in the minibatch, each group in minibatch order).</summary>
    public static (List<int> Failed, List<int> Passed) Split(IReadOnlyList<double> parentScores, double perfectScore)
    {
        var failed = new List<int>();
        var passed = new List<int>();
        for (var j = 0; j < parentScores.Count; j++)
        {
            (parentScores[j] >= perfectScore ? passed : failed).Add(j);
        }

        return (failed, passed);
    }

    /// <summary>Whether a child scored only on the examples its parent failed can no longer be accepted, whatever it
    /// scores on the rest: on the examples the parent passed it can at best match the parent (a perfect score is the
    /// metric's maximum), so it must already be ahead on the ones it failed.</summary>
    /// <param name="childOnFailed">The child's sum on the examples the parent failed.</param>
    /// <param name="parentOnFailed">The parent's sum on them.</param>
    /// <param name="strict">Whether acceptance needs a strict improvement.</param>
    public static bool CannotBeAccepted(double childOnFailed, double parentOnFailed, bool strict) =>
        strict ? childOnFailed <= parentOnFailed : childOnFailed < parentOnFailed;
}
