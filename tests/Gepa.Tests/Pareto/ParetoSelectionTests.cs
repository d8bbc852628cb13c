namespace Gepa.Tests.Pareto;

public sealed class ParetoSelectionTests
{
    [Fact]
    public void RemoveDominated_ProgramCoveredEverywhere_IsRemoved()
    {
        // The reference's test_gepa_utils: {val0: {0, 1}, val1: {1}} with scores [.3, .6] keeps only program 1.
        var fronts = new List<PythonIntSet> { new([0, 1]), new([1]) };

        var reduced = ParetoSelection.RemoveDominated(fronts, [0.3, 0.6]);

        Assert.Equal([1], reduced[0]);
        Assert.Equal([1], reduced[1]);
    }

    [Fact]
    public void RemoveDominated_SoleWinnerOfAKey_IsKept()
    {
        var fronts = new List<PythonIntSet> { new([0]), new([1]), new([0, 1]) };

        var reduced = ParetoSelection.RemoveDominated(fronts, [0.2, 0.9]);

        Assert.Equal([0], reduced[0]);
        Assert.Equal([1], reduced[1]);
        Assert.Equal([0, 1], reduced[2]);
    }

    [Fact]
    public void RemoveDominated_TiedScores_ScansInCPythonSetOrder()
    {
        // {4, 8} iterates as [8, 4] in CPython, so with equal scores 8 is examined (and removed) first and 4 survives;
        // ascending order would have removed 4 instead.
        var scores = Enumerable.Repeat(0.5, 9).ToList();
        var fronts = new List<PythonIntSet> { new([4, 8]) };

        var reduced = ParetoSelection.RemoveDominated(fronts, scores);

        Assert.Equal(new[] { 4 }, reduced[0].ToArray());
    }

    [Fact]
    public void Select_ManySamples_FollowsTheNumberOfKeysWon()
    {
        var fronts = new List<PythonIntSet> { new([0]), new([1]), new([1]), new([1]) };
        var random = new PythonRandom(3);

        var picks = Enumerable.Range(0, 4000).Select(_ => ParetoSelection.Select(fronts, [0.5, 0.5], random)!.Value).ToList();

        var share = picks.Count(p => p == 1) / 4000.0;
        Assert.InRange(share, 0.7, 0.8);
    }

    [Fact]
    public void Select_EmptyFront_ReturnsNull()
    {
        Assert.Null(ParetoSelection.Select([], [], new PythonRandom(0)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RemoveDominated_RandomFronts_MatchesTheReferencesRestartingScan(int seed)
    {
        // The single pass must drop exactly what the reference's scan (restart from the lowest score after every
        // removal) drops, and fill each front in the same order, on fronts with ties and shared winners.
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var candidates = random.Next(1, 30);
            var scores = Enumerable.Range(0, candidates).Select(_ => random.Next(0, 5) / 4.0).ToList();
            var fronts = Enumerable.Range(0, random.Next(1, 40))
                .Select(_ => new PythonIntSet(Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(0, candidates))))
                .ToList();

            var expected = ReferenceRemoveDominated(fronts, scores);
            var actual = ParetoSelection.RemoveDominated(fronts, scores);

            Assert.Equal(expected.Select(f => f.ToArray()), actual.Select(f => f.ToArray()));
        }
    }

    [Fact]
    public void SamplingList_KeysWon_RepeatsEachSurvivorInFirstSeenOrder()
    {
        // {0, 1} and {1}: program 1 covers 0 everywhere, so 0 is removed and 1 is listed once per key.
        var fronts = new List<PythonIntSet> { new([2]), new([0, 1]), new([1]) };

        var list = ParetoSelection.SamplingList(fronts, [0.3, 0.6, 0.1]);

        Assert.Equal([2, 1, 1], list);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void SamplingList_RandomFronts_MatchesTheReducedFrontsWalk(int seed, bool walkCopies)
    {
        // The counting path must give the list the reduced fronts give: each front walked as the reference walks it
        // (its copy, when walkCopies), large fronts included so that a copy iterates differently from its set.
        var random = new Random(seed);
        var scratch = new SamplingScratch();
        for (var round = 0; round < 200; round++)
        {
            var candidates = random.Next(1, 80);
            var scores = Enumerable.Range(0, candidates).Select(_ => random.Next(0, 5) / 4.0).ToList();
            var fronts = Enumerable.Range(0, random.Next(1, 60))
                .Select(_ => new PythonIntSet(Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(0, candidates))))
                .ToList();
            var walked = walkCopies ? fronts.Select(f => f.Copy()).ToList() : fronts;

            var expected = ExpectedSamplingList(ReferenceRemoveDominated(walked, scores), candidates);
            var actual = ParetoSelection.SamplingList(fronts, scores, walkCopies, scratch);
            var members = fronts.Select(f => f.Reverse().ToList()).ToList();
            var fromMembers = ParetoSelection.SamplingList(fronts, scores, walkCopies, scratch, members);

            Assert.Equal(expected, actual);
            Assert.Equal(expected, fromMembers);
        }
    }

    /// <summary>The reference's sampling list: each survivor once per reduced front holding it, in first-seen order.</summary>
    private static int[] ExpectedSamplingList(List<PythonIntSet> reduced, int candidates)
    {
        var order = new List<int>();
        var frequency = new int[candidates];
        foreach (var p in reduced.SelectMany(f => f))
        {
            if (frequency[p]++ == 0)
            {
                order.Add(p);
            }
        }

        return [.. order.SelectMany(p => Enumerable.Repeat(p, frequency[p]))];
    }

    /// <summary>The reference's <c>remove_dominated_programs</c>, transcribed literally (restarting scan, sets of sets).</summary>
    private static List<PythonIntSet> ReferenceRemoveDominated(List<PythonIntSet> fronts, List<double> scores)
    {
        var firstSeen = new List<int>();
        foreach (var p in fronts.SelectMany(f => f))
        {
            if (!firstSeen.Contains(p))
            {
                firstSeen.Add(p);
            }
        }

        var programs = firstSeen.OrderBy(p => scores[p]).ToList();
        var dominated = new HashSet<int>();
        bool changed;
        do
        {
            changed = false;
            foreach (var y in programs.Where(y => !dominated.Contains(y)))
            {
                if (fronts.Where(f => f.Contains(y)).All(f => f.Any(p => p != y && !dominated.Contains(p))))
                {
                    dominated.Add(y);
                    changed = true;
                    break;
                }
            }
        }
        while (changed);

        return [.. fronts.Select(f => new PythonIntSet(f.Where(p => !dominated.Contains(p))))];
    }
}
