namespace Gepa.Cli.Running;

/// <summary>Stops the run after a number of iterations in which the best validation score did not rise
/// (<c>engine.stop.no-improvement</c>).</summary>
/// <param name="iterations">The number of iterations without improvement that stops the run.</param>
internal sealed class NoImprovementStopCondition(int iterations) : IStopCondition
{
    private double _best = double.NegativeInfinity;
    private int _bestIteration;

    /// <summary>Gets or sets what the condition remembers (the best score and the iteration it was reached), so that a
    /// resumed run stops where the uninterrupted one would have.</summary>
    public (double Best, int BestIteration) Memory
    {
        get => (_best, _bestIteration);
        set => (_best, _bestIteration) = value;
    }

    /// <inheritdoc/>
    public string? ShouldStop(in StopContext context)
    {
        if (context.BestScore > _best)
        {
            _best = context.BestScore;
            _bestIteration = context.Iteration;
            return null;
        }

        return context.Iteration - _bestIteration >= iterations ? $"the best score has not improved for {iterations} iterations" : null;
    }
}
