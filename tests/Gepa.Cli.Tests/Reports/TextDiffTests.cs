using Gepa.Cli.Reports;
using Xunit;

namespace Gepa.Cli.Tests.Reports;

public sealed class TextDiffTests
{
    [Fact]
    public void Compute_OneWordChanged_DeletesAndInsertsOnlyThatWord()
    {
        var pieces = TextDiff.Compute("Answer with the city.", "Answer with the capital city.");

        Assert.Equal(
            [(TextDiff.Kind.Same, "Answer with the "), (TextDiff.Kind.Inserted, "capital "), (TextDiff.Kind.Same, "city.")],
            pieces);
    }

    [Theory]
    [InlineData("", "new text")]
    [InlineData("old text", "")]
    [InlineData("a b c", "a b c")]
    [InlineData("Never print <script>, ever!\n\nSecond line.", "Always print <b>, ever?\nSecond  line, changed.")]
    public void Compute_PiecesGiveBackBothTexts(string before, string after)
    {
        var pieces = TextDiff.Compute(before, after);

        Assert.Equal(before, string.Concat(pieces.Where(p => p.Kind != TextDiff.Kind.Inserted).Select(p => p.Text)));
        Assert.Equal(after, string.Concat(pieces.Where(p => p.Kind != TextDiff.Kind.Deleted).Select(p => p.Text)));
        Assert.All(pieces.Zip(pieces.Skip(1)), p => Assert.NotEqual(p.First.Kind, p.Second.Kind));
    }

    [Fact]
    public void Compute_LongTexts_StayFast()
    {
        var before = string.Join(' ', Enumerable.Range(0, 20_000).Select(i => $"w{i}"));
        var after = before.Replace("w10000 ", "changed ", StringComparison.Ordinal);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var pieces = TextDiff.Compute(before, after);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"{started.Elapsed} for 20,000 words");
        Assert.Equal("changed", pieces.Single(p => p.Kind == TextDiff.Kind.Inserted).Text);
    }
}
