namespace Gepa;

/// <summary>What an adapter returns for one candidate evaluated on a batch of examples.</summary>
/// <remarks>Every list is parallel to the batch that was evaluated: entry <c>i</c> belongs to example <c>i</c>.</remarks>
public sealed class EvaluationBatch
{
    /// <summary>Initializes a new evaluation batch.</summary>
    /// <param name="scores">One score per example; higher is better.</param>
    /// <param name="outputs">One output per example (whatever the system produced), or <see langword="null"/> for none.</param>
    /// <param name="traces">One execution trace per example, or <see langword="null"/> when traces were not captured.</param>
    /// <param name="objectiveScores">Per example, the score of each named objective, or <see langword="null"/>.</param>
    /// <param name="metricCalls">How many metric calls the evaluation cost, when it is not one per example.</param>
    /// <exception cref="ArgumentException">A list's length differs from the number of scores, or a score is not finite.</exception>
    public EvaluationBatch(
        IReadOnlyList<double> scores,
        IReadOnlyList<object?>? outputs = null,
        IReadOnlyList<object?>? traces = null,
        IReadOnlyList<IReadOnlyDictionary<string, double>>? objectiveScores = null,
        int? metricCalls = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        for (var i = 0; i < scores.Count; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Score {i} is {scores[i]}; scores must be finite numbers.", nameof(scores));
            }
        }

        CheckLength(outputs, scores.Count, nameof(outputs));
        CheckLength(traces, scores.Count, nameof(traces));
        CheckLength(objectiveScores, scores.Count, nameof(objectiveScores));
        if (metricCalls is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(metricCalls), metricCalls, "The metric-call count must not be negative.");
        }

        Scores = scores;
        Outputs = outputs ?? new object?[scores.Count];
        Traces = traces;
        ObjectiveScores = objectiveScores;
        MetricCalls = metricCalls;
    }

    /// <summary>Gets one score per example.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>Gets one output per example.</summary>
    public IReadOnlyList<object?> Outputs { get; }

    /// <summary>Gets one trace per example, or <see langword="null"/> when traces were not captured.</summary>
    public IReadOnlyList<object?>? Traces { get; }

    /// <summary>Gets per-example objective scores, or <see langword="null"/> when the adapter has none.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? ObjectiveScores { get; }

    /// <summary>Gets the number of metric calls the evaluation cost, or <see langword="null"/> for one per example.</summary>
    public int? MetricCalls { get; }

    /// <summary>Gets the number of examples evaluated.</summary>
    public int Count => Scores.Count;

    private static void CheckLength<T>(IReadOnlyList<T>? list, int expected, string name)
    {
        if (list is not null && list.Count != expected)
        {
            throw new ArgumentException($"'{name}' has {list.Count} entries but there are {expected} scores; they must be parallel.", name);
        }
    }
}
