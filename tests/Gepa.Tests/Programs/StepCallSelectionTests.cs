namespace Gepa.Tests.Programs;

public sealed class StepCallSelectionTests
{
    private static StepCall Call(int ordinal, bool failed = false) => new()
    {
        Step = "s",
        Ordinal = ordinal,
        Sequence = ordinal,
        Instruction = "i",
        Inputs = [],
        RawText = $"r{ordinal}",
        Error = failed ? new StepFormatException("s", "raw", "{}", "bad") : null,
    };

    [Theory]
    [InlineData("last", new[] { 2 })]
    [InlineData("first", new[] { 0 })]
    [InlineData("all", new[] { 0, 1, 2 })]
    [InlineData("all:2", new[] { 0, 1 })]
    public void Select_ThreeCalls_FollowsTheRule(string rule, int[] expected)
    {
        var selected = StepCallSelection.Parse(rule).Select([Call(0), Call(1), Call(2)]);

        Assert.Equal(expected, selected.Select(c => c.Ordinal));
    }

    [Theory]
    [InlineData("last", new[] { 1 })]
    [InlineData("first", new[] { 1 })]
    [InlineData("all:1", new[] { 1 })]
    public void Select_AFailedCall_IsAlwaysTaken(string rule, int[] expected)
    {
        var selected = StepCallSelection.Parse(rule).Select([Call(0), Call(1, failed: true)]);

        Assert.Equal(expected, selected.Select(c => c.Ordinal));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("all:0")]
    [InlineData("all:x")]
    public void Parse_Unknown_ThrowsNamingTheChoices(string text)
    {
        var ex = Assert.Throws<FormatException>(() => StepCallSelection.Parse(text));

        Assert.Contains("last, first, all or all:N", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_NoCalls_IsEmpty() => Assert.Empty(StepCallSelection.Last.Select([]));
}
