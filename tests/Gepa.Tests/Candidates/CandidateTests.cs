namespace Gepa.Tests.Candidates;

public sealed class CandidateTests
{
    [Fact]
    public void With_ReplacesTextAndKeepsOrder()
    {
        var c = new Candidate([new("b", "1"), new("a", "2")]);

        var d = c.With("a", "3");

        Assert.Equal(["b", "a"], d.ComponentNames);
        Assert.Equal("3", d["a"]);
        Assert.Equal("2", c["a"]);
    }

    [Fact]
    public void With_UnknownComponent_NamesTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Candidate.FromText("system_prompt", "x").With("sytem_prompt", "y"));

        Assert.Contains("system_prompt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Candidate([new("a", "1"), new("a", "2")]));
    }

    [Fact]
    public void Equality_SameContent_IsEqualWithTheSameHash()
    {
        var a = new Candidate([new("x", "1"), new("y", "2")]);
        var b = new Candidate([new("x", "1"), new("y", "2")]);
        var c = new Candidate([new("x", "1"), new("y", "3")]);

        Assert.Equal(a, b);
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a.ContentHash, c.ContentHash);
    }

    [Fact]
    public void ContentHash_DifferentSplitsOfTheSameCharacters_Differ()
    {
        var a = new Candidate([new("ab", "c")]);
        var b = new Candidate([new("a", "bc")]);

        Assert.NotEqual(a.ContentHash, b.ContentHash);
    }
}
