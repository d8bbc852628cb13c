using System.Globalization;

namespace Gepa.Cli.Running;

/// <summary>Stops the run once the best validation score reaches a threshold (<c>engine.stop.score-threshold</c>).</summary>
/// <param name="threshold">The threshold.</param>
internal sealed class ScoreThresholdStopCondition(double threshold) : IStopCondition
{
    /// <inheritdoc/>
    public string? ShouldStop(in StopContext context) =>
        context.BestScore >= threshold ? $"the best score reached the threshold {threshold.ToString(CultureInfo.InvariantCulture)}" : null;
}
