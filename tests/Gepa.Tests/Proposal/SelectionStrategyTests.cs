using Gepa.Strategies;

namespace Gepa.Tests.Proposal;

public sealed class SelectionStrategyTests
{
    private static CandidateProposal P(string text, double before, double after) =>
        new(Candidate.FromText("c", text), [0], [0], [before], [after]);

    private static readonly IAcceptanceCriterion Strict = new StrictImprovementAcceptance();

    [Fact]
    public void SelectProposals_AllImprovements_KeepsEveryAcceptedInOrder()
    {
        var proposals = new[] { P("a", 0, 1), P("b", 1, 1), P("c", 0, 0.5) };

        var chosen = new AllImprovements().SelectProposals(proposals, null!, Strict);

        Assert.Equal([proposals[0], proposals[2]], chosen);
    }

    [Fact]
    public void SelectProposals_BestImprovement_KeepsTheLargestImprovementFirstOnTies()
    {
        var proposals = new[] { P("a", 0, 0.5), P("b", 0, 1), P("c", 0, 1), P("d", 1, 0) };

        var chosen = new BestImprovement().SelectProposals(proposals, null!, Strict);

        Assert.Same(proposals[1], Assert.Single(chosen));
    }

    [Fact]
    public void SelectProposals_TopK_KeepsTheKLargestImprovements()
    {
        var proposals = new[] { P("a", 0, 0.25), P("b", 0, 1), P("c", 0, 0.5), P("d", 1, 0) };

        var chosen = new TopKImprovements(2).SelectProposals(proposals, null!, Strict);

        Assert.Equal([proposals[1], proposals[2]], chosen);
        Assert.Equal(2, new TopKImprovements(2).MaxSelected(4));
        Assert.Equal(1, new BestImprovement().MaxSelected(4));
    }
}
