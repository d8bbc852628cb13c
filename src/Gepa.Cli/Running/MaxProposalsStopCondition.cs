namespace Gepa.Cli.Running;

/// <summary>Stops the run after a number of proposals (<c>engine.stop.max-proposals</c>).</summary>
/// <param name="max">The number of proposals.</param>
internal sealed class MaxProposalsStopCondition(int max) : IStopCondition
{
    /// <inheritdoc/>
    public string? ShouldStop(in StopContext context) =>
        context.ProposalsTried >= max ? $"{max} proposals were tried" : null;
}
