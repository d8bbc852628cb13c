namespace Gepa.Strategies;

/// <summary>A proposed child, scored on its minibatch next to its parent (the reference's <c>CandidateProposal</c>).</summary>
/// <param name="Candidate">The child.</param>
/// <param name="ParentIndexes">Its parents' indexes in the pool.</param>
/// <param name="MinibatchIds">The training examples both were scored on.</param>
/// <param name="ScoresBefore">The parent's scores on them.</param>
/// <param name="ScoresAfter">The child's scores on them, in the same order.</param>
/// <param name="Tag">What produced it (for logs and events).</param>
public sealed record CandidateProposal(Candidate Candidate, IReadOnlyList<int> ParentIndexes, IReadOnlyList<int> MinibatchIds, IReadOnlyList<double> ScoresBefore, IReadOnlyList<double> ScoresAfter, string Tag = "reflective_mutation")
{
    /// <summary>Gets the child's minibatch sum minus the parent's.</summary>
    public double Improvement => ScoresAfter.Sum() - ScoresBefore.Sum();
}
