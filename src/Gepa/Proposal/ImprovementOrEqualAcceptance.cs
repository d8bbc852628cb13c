namespace Gepa.Strategies;

/// <summary>The child's minibatch sum must be at least the parent's.</summary>
public sealed class ImprovementOrEqualAcceptance : IAcceptanceCriterion, IExplainsRejection
{
    /// <inheritdoc/>
    public bool ShouldAccept(IReadOnlyList<double> parentScores, IReadOnlyList<double> childScores)
    {
        ArgumentNullException.ThrowIfNull(parentScores);
        ArgumentNullException.ThrowIfNull(childScores);
        return childScores.Sum() >= parentScores.Sum();
    }

    /// <inheritdoc/>
    public string Why(double parentSum, double childSum) => $"minibatch score {childSum} is below the parent's {parentSum}";
}
