namespace Gepa.Strategies;

/// <summary>The engine's <see cref="IGepaStateView"/> over a run; built-in strategies reach the mutable state through it.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
internal sealed class GepaStateView<TExample>(RunContext<TExample> run) : IGepaStateView, IInternalStateView
{
    /// <inheritdoc/>
    public GepaState State => run.State;

    /// <inheritdoc/>
    public int Iteration => run.Iteration;

    /// <inheritdoc/>
    public int Count => run.State.Count;

    /// <inheritdoc/>
    public IReadOnlyList<Candidate> Candidates => run.State.Candidates;

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyList<int>> Parents => run.State.Parents;

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyDictionary<int, double>> ValSubscores => run.State.ValSubscores;

    /// <inheritdoc/>
    public int ValsetSize => run.Valset.Count;

    /// <inheritdoc/>
    public int TrainsetSize => run.Trainset.Count;

    /// <inheritdoc/>
    public int TotalMetricCalls => run.State.TotalMetricCalls;

    /// <inheritdoc/>
    public int? MaxMetricCalls => run.Options.MaxMetricCalls;

    /// <inheritdoc/>
    public PythonRandom Random => run.Random;

    /// <inheritdoc/>
    public double MeanScore(int index) => run.State.MeanScore(index);

    /// <inheritdoc/>
    public IReadOnlyList<double> SelectionScores() => run.State.SelectionScores();

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyCollection<int>> FrontMapping() => run.State.SelectionFrontMapping();

    /// <inheritdoc/>
    public int BestIndex() => run.State.BestIndex();

    /// <inheritdoc/>
    public bool IsFullyEvaluated(int index) => run.State.IsFullyEvaluated(index);
}
