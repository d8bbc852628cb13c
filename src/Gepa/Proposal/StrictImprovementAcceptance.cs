namespace Gepa.Strategies;

/// <summary>The reference's default: the child's minibatch sum must be above the parent's.</summary>
public sealed class StrictImprovementAcceptance : IAcceptanceCriterion, IExplainsRejection
{
    /// <inheritdoc/>
    public bool ShouldAccept(IReadOnlyList<double> parentScores, IReadOnlyList<double> childScores)
    {
        ArgumentNullException.ThrowIfNull(parentScores);
        ArgumentNullException.ThrowIfNull(childScores);
        return childScores.Sum() > parentScores.Sum();
    }

    /// <inheritdoc/>
    public string Why(double parentSum, double childSum) => $"minibatch score {childSum} is not above the parent's {parentSum}";
}
