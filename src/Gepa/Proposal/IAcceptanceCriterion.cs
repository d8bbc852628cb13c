namespace Gepa.Strategies;

/// <summary>Decides whether a child is accepted after its minibatch evaluation (the reference's
/// <c>AcceptanceCriterion</c>); an accepted child goes on to validation.</summary>
public interface IAcceptanceCriterion
{
    /// <summary>Decides on a child.</summary>
    /// <param name="parentScores">The parent's scores on the minibatch.</param>
    /// <param name="childScores">The child's scores on the same examples, in the same order.</param>
    /// <returns><see langword="true"/> to accept the child.</returns>
    bool ShouldAccept(IReadOnlyList<double> parentScores, IReadOnlyList<double> childScores);
}
