namespace Gepa.Memory.Tests;

public sealed class LessonProbeTests
{
    private static readonly Candidate Seed = Candidate.FromText("instructions", "Answer.");
    private static readonly Candidate Augmented = Candidate.FromText("instructions", "Answer.\n\n- Use kelvin.");

    /// <summary>Scores the first n examples with a per-candidate rule and records each call.</summary>
    private sealed class Scorer(Func<Candidate, int, double> score)
    {
        public List<(Candidate Candidate, int Count)> Calls { get; } = [];

        public Task<IReadOnlyList<double>> ScoreAsync(Candidate candidate, int count, CancellationToken cancellationToken)
        {
            Calls.Add((candidate, count));
            return Task.FromResult<IReadOnlyList<double>>([.. Enumerable.Range(0, count).Select(i => score(candidate, i))]);
        }
    }

    [Theory]
    [InlineData(30, 470, 0.2, 11)] // the cap (94) pays for more: at most MaxProbeExamples
    [InlineData(30, 40, 0.2, 4)] // the cap (8) pays for 4 examples twice
    [InlineData(5, 470, 0.2, 5)] // a validation set smaller than the maximum
    [InlineData(30, 9, 0.2, 0)] // the cap (1) pays for no example twice
    [InlineData(30, 470, 0, 0)]
    public void SampleSize_BudgetAndValidationSet_LargestPrefixTheCapPaysForTwice(int validation, int budget, double share, int expected)
    {
        Assert.Equal(expected, LessonProbe.SampleSize(validation, budget, share));
        Assert.True(2 * LessonProbe.SampleSize(validation, budget, share) <= Math.Floor(budget * share));
    }

    [Fact]
    public void SampleSize_ExplicitMaximum_Used()
    {
        Assert.Equal(3, LessonProbe.SampleSize(30, 1000, 0.2, maxExamples: 3));
    }

    [Fact]
    public async Task RunAsync_AugmentedTies_FailsAndSpendsBothScorings()
    {
        var scorer = new Scorer((_, i) => i % 2 == 0 ? 1 : 0); // lessons that apply to no example change nothing

        var result = await LessonProbe.RunAsync(Seed, Augmented, 11, scorer.ScoreAsync, TestContext.Current.CancellationToken);

        Assert.False(result.Passed);
        Assert.Equal(11, result.Examples);
        Assert.Equal(22, result.RolloutsSpent);
        Assert.Equal([(Seed, 11), (Augmented, 11)], scorer.Calls);
    }

    [Fact]
    public async Task RunAsync_AugmentedHigherOnOneExample_Passes()
    {
        var scorer = new Scorer((c, i) => c.Equals(Augmented) && i == 9 ? 1 : 0.5);

        var result = await LessonProbe.RunAsync(Seed, Augmented, 11, scorer.ScoreAsync, TestContext.Current.CancellationToken);

        Assert.True(result.Passed);
        Assert.True(result.AugmentedMean > result.SeedMean);
    }

    [Fact]
    public async Task RunAsync_AugmentedLower_Fails()
    {
        var scorer = new Scorer((c, _) => c.Equals(Augmented) ? 0.4 : 0.5);

        Assert.False((await LessonProbe.RunAsync(Seed, Augmented, 3, scorer.ScoreAsync, TestContext.Current.CancellationToken)).Passed);
    }

    [Fact]
    public async Task RunAsync_NoLessonsOrNoRoom_NotRunAndNothingScored()
    {
        var scorer = new Scorer((_, _) => 1);

        var same = await LessonProbe.RunAsync(Seed, Seed, 11, scorer.ScoreAsync, TestContext.Current.CancellationToken);
        var none = await LessonProbe.RunAsync(Seed, Augmented, 0, scorer.ScoreAsync, TestContext.Current.CancellationToken);

        Assert.Same(LessonProbeResult.NotRun, same);
        Assert.Same(LessonProbeResult.NotRun, none);
        Assert.False(none.Passed);
        Assert.Equal(0, none.RolloutsSpent);
        Assert.Empty(scorer.Calls);
    }

    [Fact]
    public async Task RunAsync_ScorerReturnsTooFew_Throws()
    {
        Task<IReadOnlyList<double>> Short(Candidate c, int n, CancellationToken ct) => Task.FromResult<IReadOnlyList<double>>([1.0]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => LessonProbe.RunAsync(Seed, Augmented, 3, Short, TestContext.Current.CancellationToken));
    }
}
