using System.Text.Json;
using Gepa.Simulation;

namespace Gepa.Tests.Budget;

/// <summary>The adaptive budget policy inside real runs on the simulated RuleWorld.</summary>
public sealed class GepaOptimizerAdaptiveTests
{
    private static readonly RuleWorld OneModule = new(new RuleWorldOptions { Modules = 1 });
    private static readonly RuleWorld TwoModules = new(new RuleWorldOptions { Modules = 2 });

    private static GepaOptions Options(int seed, int budget, BudgetPolicy policy = BudgetPolicy.Adaptive) => new()
    {
        Seed = seed,
        MaxMetricCalls = budget,
        BudgetPolicy = policy,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    private static Task<GepaResult> RunAsync(RuleWorld world, GepaOptions options, CancellationToken ct) =>
        new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), 1), new RuleWorldReflectionChatClient(world), options)
            .OptimizeAsync(world.SeedCandidate(), world.Trainset, world.Valset, ct);

    private static async Task<double> TestScoreAsync(RuleWorld world, Candidate candidate, CancellationToken ct)
    {
        var eval = await new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world)).EvaluateAsync(world.Testset, candidate, false, ct);
        return eval.Scores.Average();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task OptimizeAsync_Adaptive_TheBestIsFullyEvaluatedAndTheBudgetHolds(int modules)
    {
        var ct = TestContext.Current.CancellationToken;
        var world = modules == 1 ? OneModule : TwoModules;
        var options = Options(seed: 1, budget: 900);
        var bestFlags = new List<(int Index, int Scored, bool IsBest)>();
        options.Callbacks.OnValsetEvaluated.Subscribe(e =>
        {
            bestFlags.Add((e.CandidateIndex, e.Scores.Count, e.IsBestProgram));
            return ValueTask.CompletedTask;
        });

        var result = await RunAsync(world, options, ct);

        Assert.InRange(result.TotalMetricCalls, 1, 900);
        Assert.Equal(world.Valset.Count, result.ValSubscores[result.BestIndex].Count);
        Assert.Contains(result.ValSubscores, s => s.Count < world.Valset.Count); // some candidates were stopped early
        Assert.All(bestFlags.Where(f => f.IsBest), f => Assert.Equal(world.Valset.Count, f.Scored));

        // The reported best score is the full-valset mean of the best, and no fully evaluated candidate beats it.
        var full = Enumerable.Range(0, result.NumCandidates).Where(k => result.ValSubscores[k].Count == world.Valset.Count).ToList();
        Assert.Equal(full.Max(k => result.ValAggregateScores[k]), result.BestScore);
        Assert.Equal(full.Count, result.NumFullValEvals);
    }

    [Fact]
    public async Task OptimizeAsync_RaceWinnerRankedBelowTheLeader_IsFullyEvaluatedSoTheRunCanEndOnIt()
    {
        // A nearly saturated world nobody tuned on (10 rules, task noise 0.1). At seed 2 a child beat the leader in its
        // race (12 of 12 validation examples right) but, its unscored examples filled from weak partially evaluated
        // ancestors, ranked below it; left partial it was never raced against or promoted, and the run ended on a
        // fully evaluated candidate scoring 0.75 where the child scores 0.867 (docs/robustness.md).
        var ct = TestContext.Current.CancellationToken;
        var world = new RuleWorld(new RuleWorldOptions { Seed = "check-1", Rules = 10, Noise = 0.1 });

        var result = await RunAsync(world, Options(seed: 2, budget: 1000), ct);

        Assert.True(result.BestScore >= 0.85, $"best {result.BestScore}");
        Assert.True(result.TotalMetricCalls <= 1000, $"spent {result.TotalMetricCalls}");
    }

    [Fact]
    public async Task RunDirectory_Adaptive_NeverReportsAPartiallyEvaluatedCandidateAsBest()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = OneModule;
        var path = Path.Combine(Path.GetTempPath(), $"gepa-adaptive-{Guid.NewGuid():N}");
        try
        {
            var options = Options(seed: 1, budget: 700);
            var summaries = new List<(int Best, double Score, int Scored)>();
            // Interval zero: summary.json is rewritten at every checkpoint, so every checkpoint's summary is checked.
            using var directory = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { DerivedFilesInterval = TimeSpan.Zero });
            directory.Attach(options);
            options.Callbacks.OnCheckpoint.Subscribe(cp =>
            {
                // The directory has just rewritten summary.json from this checkpoint.
                var summary = GepaRunDirectory.ReadSummary(path)!;
                summaries.Add((summary.BestCandidate, summary.BestScore, cp.Candidates[summary.BestCandidate].ValScores.Count));
                return ValueTask.CompletedTask;
            });
            var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), 1), new RuleWorldReflectionChatClient(world), options);

            var result = await directory.RunAsync(optimizer, world.SeedCandidate(), world.Trainset, world.Valset, ct);

            Assert.Contains(result.ValSubscores, s => s.Count < world.Valset.Count);
            Assert.NotEmpty(summaries);
            Assert.All(summaries, s => Assert.Equal(world.Valset.Count, s.Scored));
            var final = GepaRunDirectory.ReadSummary(path)!;
            Assert.Equal(result.BestIndex, final.BestCandidate);
            Assert.Equal(result.BestScore, final.BestScore);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task OptimizeAsync_Adaptive_SpendsFarFewerValidationRolloutsPerCandidateThanFixed()
    {
        var ct = TestContext.Current.CancellationToken;
        var adaptive = await RunAsync(OneModule, Options(seed: 2, budget: 1000), ct);
        var fixedRun = await RunAsync(OneModule, Options(seed: 2, budget: 1000, BudgetPolicy.Fixed), ct);

        static double PerCandidate(GepaResult r) => (double)r.ValSubscores.Skip(1).Sum(s => s.Count) / (r.NumCandidates - 1);
        Assert.Equal(60, PerCandidate(fixedRun));
        Assert.True(PerCandidate(adaptive) < 30, $"adaptive spent {PerCandidate(adaptive):0.#} validation rollouts per candidate");
        Assert.True(adaptive.NumCandidates > fixedRun.NumCandidates);
    }

    /// <summary>The CI smoke run: a few seeds at a small budget, where adaptive must beat fixed on the test split.</summary>
    [Fact]
    public async Task OptimizeAsync_SmallBudgetSmokeRun_AdaptiveBeatsFixedOnTheTestSplit()
    {
        var ct = TestContext.Current.CancellationToken;
        double adaptive = 0, fixedScore = 0;
        foreach (var world in new[] { OneModule, TwoModules })
        {
            for (var seed = 0; seed < 3; seed++)
            {
                adaptive += await TestScoreAsync(world, (await RunAsync(world, Options(seed, 700), ct)).BestCandidate, ct);
                fixedScore += await TestScoreAsync(world, (await RunAsync(world, Options(seed, 700, BudgetPolicy.Fixed), ct)).BestCandidate, ct);
            }
        }

        Assert.True(adaptive > fixedScore + 0.3, $"adaptive {adaptive / 6:0.###} vs fixed {fixedScore / 6:0.###} mean test score");
    }

    [Fact]
    public async Task OptimizeAsync_EachPartAlone_TurnsOnOnlyThatPart()
    {
        var ct = TestContext.Current.CancellationToken;
        var n = TwoModules.Valset.Count;

        var racing = Options(seed: 3, budget: 800, BudgetPolicy.Fixed);
        racing.Adaptive.AdaptiveValidation = true;
        var r = await RunAsync(TwoModules, racing, ct);
        Assert.Contains(r.ValSubscores, s => s.Count < n);

        var bandit = Options(seed: 3, budget: 800, BudgetPolicy.Fixed);
        bandit.Adaptive.BanditComponentSelection = true;
        var components = new List<string>();
        bandit.Callbacks.OnProposalStart.Subscribe(e =>
        {
            components.Add(string.Join(",", e.Components));
            return ValueTask.CompletedTask;
        });
        var b = await RunAsync(TwoModules, bandit, ct);
        Assert.All(b.ValSubscores, s => Assert.Equal(n, s.Count));
        Assert.Equal(0, b.Merges.Tried);

        // Round-robin would alternate per parent; the bandit concentrates on the component that pays.
        Assert.True(Math.Abs(components.Count(c => c == "query") - components.Count(c => c == "answer")) > components.Count / 5, string.Join(" ", components));

        var merge = Options(seed: 3, budget: 1500, BudgetPolicy.Fixed);
        merge.Adaptive.DiversityMerge = true;
        var m = await RunAsync(TwoModules, merge, ct);
        Assert.All(m.ValSubscores, s => Assert.Equal(n, s.Count));
        Assert.True(m.Merges.Tried > 0, "the diversity trigger started no merge although UseMerge is off");

        var off = Options(seed: 3, budget: 800, BudgetPolicy.Adaptive);
        off.Adaptive.AdaptiveValidation = false;
        off.Adaptive.BanditComponentSelection = false;
        off.Adaptive.DiversityMerge = false;
        off.Adaptive.FocusedMinibatch = false;
        var o = await RunAsync(TwoModules, off, ct);
        var reference = await RunAsync(TwoModules, Options(seed: 3, budget: 800, BudgetPolicy.Fixed), ct);
        Assert.Equal(reference.Candidates, o.Candidates);
    }

    [Fact]
    public async Task OptimizeAsync_Racing_ScoresTheLeaderWhereverItComparesAChallenger()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = OneModule;
        var options = Options(seed: 8, budget: 2500);
        var latest = new Dictionary<int, HashSet<int>>();
        var races = new RaceLogger(latest);
        var checkedRaces = 0;
        var extensions = 0;
        options.Callbacks.OnValsetEvaluated.Subscribe(e =>
        {
            var keys = e.Scores.Keys.ToHashSet();
            if (races.LeaderKeysAtRace.Remove(e.CandidateIndex, out var leaderKeys))
            {
                Assert.Subset(leaderKeys, keys);
                checkedRaces++;
            }
            else if (latest.TryGetValue(e.CandidateIndex, out var before) && keys.Count > before.Count)
            {
                extensions++;
            }

            latest[e.CandidateIndex] = keys;
            return ValueTask.CompletedTask;
        });

        await new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), 1), new RuleWorldReflectionChatClient(world), options, races)
            .OptimizeAsync(world.SeedCandidate(), world.Trainset, world.Valset, ct);

        Assert.True(checkedRaces > 20, $"{checkedRaces} races checked");
        Assert.True(extensions > 3, $"the leader was scored further {extensions} times");
    }

    /// <summary>Remembers, for each race the engine logs, which examples the leader had been scored on at that moment.</summary>
    private sealed class RaceLogger(Dictionary<int, HashSet<int>> latest) : Microsoft.Extensions.Logging.ILogger
    {
        public Dictionary<int, HashSet<int>> LeaderKeysAtRace { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.Any(f => f.Key == "Incumbent"))
            {
                var index = (int)fields.First(f => f.Key == "Index").Value!;
                var leader = (int)fields.First(f => f.Key == "Incumbent").Value!;
                LeaderKeysAtRace[index] = [.. latest[leader]];
            }
        }
    }

    [Fact]
    public async Task OptimizeAsync_FocusedMinibatch_StopsScoringAChildThatCannotBeAccepted()
    {
        var ct = TestContext.Current.CancellationToken;

        // Seed 0: a run that stops enough children early (seed 1 did until race winners ranked below the leader were
        // fully evaluated, which changed its course).
        var options = Options(seed: 0, budget: 2000);
        var minibatch = new List<int>();
        var parentScores = new List<double>();
        var childIds = new List<int>();
        var inProposal = false;
        var checkedEarly = 0;
        var checkedFull = 0;
        options.Callbacks.OnMinibatchSampled.Subscribe(e =>
        {
            minibatch = [.. e.MinibatchIds];
            childIds.Clear();
            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnEvaluationEnd.Subscribe(e =>
        {
            if (e.CandidateIndex is not null && !inProposal)
            {
                parentScores = [.. e.Scores]; // the parent's minibatch evaluation
            }
            else if (inProposal)
            {
                childIds.AddRange(e.ExampleIds);
            }

            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnProposalEnd.Subscribe(_ =>
        {
            inProposal = true;
            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnCandidateRejected.Subscribe(e =>
        {
            inProposal = false;
            var failed = minibatch.Where((_, j) => parentScores[j] < 1).ToList();
            if (e.Reason.Contains("cannot be accepted", StringComparison.Ordinal))
            {
                // Scored only where the parent failed, and no better there than the parent.
                Assert.Equal(failed.Order(), childIds.Order());
                Assert.True(failed.Count < minibatch.Count);
                checkedEarly++;
            }
            else if (!double.IsNaN(e.NewScore))
            {
                Assert.Equal(minibatch.Order(), childIds.Order());
                checkedFull++;
            }

            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnCandidateAccepted.Subscribe(_ =>
        {
            inProposal = false;
            return ValueTask.CompletedTask;
        });

        await RunAsync(OneModule, options, ct);

        Assert.True(checkedEarly > 5, $"{checkedEarly} children were stopped early");
        Assert.True(checkedFull > 5, $"{checkedFull} children were rejected after a full minibatch");
    }

    [Theory]
    [InlineData(6, 1, 7)]
    [InlineData(2, 0, 2)]
    public async Task OptimizeAsync_FocusedMinibatch_TakesFailuresAndGuardsInPlaceOfTheMinibatchSize(int failures, int guards, int expected)
    {
        var options = Options(seed: 9, budget: 600);
        options.Adaptive.FocusedFailures = failures;
        options.Adaptive.MinibatchGuards = guards;
        var sizes = new List<int>();
        options.Callbacks.OnMinibatchSampled.Subscribe(e =>
        {
            sizes.Add(e.MinibatchIds.Count);
            return ValueTask.CompletedTask;
        });

        await RunAsync(OneModule, options, TestContext.Current.CancellationToken);

        Assert.NotEmpty(sizes);
        Assert.All(sizes, n => Assert.Equal(expected, n));
    }

    [Fact]
    public async Task OptimizeAsync_FocusedMinibatch_OneExampleTrainset_RunsWithMinibatchesAndReserveOfOne()
    {
        // Issue 18: a one-example trainset was refused for engine.minibatch-size (3), which the focused size replaces,
        // and the reserve counted 7 rollouts per minibatch although only one example can be drawn.
        var world = OneModule;
        var budget = (2 * world.Valset.Count) + 30;
        var options = Options(seed: 2, budget: budget);
        var sizes = new List<int>();
        options.Callbacks.OnMinibatchSampled.Subscribe(e =>
        {
            sizes.Add(e.MinibatchIds.Count);
            return ValueTask.CompletedTask;
        });
        var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), 1), new RuleWorldReflectionChatClient(world), options);

        var result = await optimizer.OptimizeAsync(world.SeedCandidate(), [world.Trainset[0]], world.Valset, TestContext.Current.CancellationToken);

        Assert.NotEmpty(sizes);
        Assert.All(sizes, n => Assert.Equal(1, n));
        Assert.InRange(result.TotalMetricCalls, 1, budget);
    }

    [Fact]
    public async Task OptimizeAsync_FocusedMinibatch_OneExampleTrainset_BudgetCheckCountsOneExamplePerMinibatch()
    {
        var world = OneModule;
        var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), 1), new RuleWorldReflectionChatClient(world), Options(seed: 0, budget: 2 * world.Valset.Count));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => optimizer.OptimizeAsync(world.SeedCandidate(), [world.Trainset[0]], world.Valset, TestContext.Current.CancellationToken));

        Assert.Equal(nameof(GepaOptions.MaxMetricCalls), ex.ParamName);
        Assert.Contains("(2 minibatch rollouts", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task OptimizeAsync_Adaptive_StopMessageStatesTheFinalRolloutCount(int seed)
    {
        // Issue 18: the leader's final full evaluation comes after the stop, and the message gave the count before it.
        var result = await RunAsync(OneModule, Options(seed, budget: 250), TestContext.Current.CancellationToken);

        var counts = System.Text.RegularExpressions.Regex.Matches(result.StopMessage, @"(\d+) of 250").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(counts);
        Assert.Equal(result.TotalMetricCalls, counts[^1]);
    }

    [Fact]
    public async Task OptimizeAsync_FocusedMinibatch_BudgetTooSmallForItsMinibatches_IsRejected()
    {
        // Enough for the seed, the reserve and two minibatches of three, not of seven.
        var valset = OneModule.Valset.Count;
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(OneModule, Options(seed: 0, budget: (2 * valset) + 6), TestContext.Current.CancellationToken));

        Assert.Equal(nameof(GepaOptions.MaxMetricCalls), ex.ParamName);
        Assert.Contains("14 minibatch rollouts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptimizeAsync_FocusedMinibatch_RarelyDrawsAMinibatchTheParentPasses()
    {
        var ct = TestContext.Current.CancellationToken;

        static GepaOptions Counting(GepaOptions options, int[] perfect)
        {
            options.Callbacks.OnEvaluationSkipped.Subscribe(e =>
            {
                perfect[0] += e.Reason == "all_scores_perfect" ? 1 : 0;
                return ValueTask.CompletedTask;
            });
            options.Callbacks.OnMinibatchSampled.Subscribe(_ =>
            {
                perfect[1]++;
                return ValueTask.CompletedTask;
            });
            return options;
        }

        // Racing gets far enough in 2,000 rollouts for the parent to pass most training examples.
        int[] reference = [0, 0], focused = [0, 0];
        // Seed 0 (seed 7 until race winners ranked below the leader were fully evaluated, which changed its course).
        var referenceOptions = Counting(Options(seed: 0, budget: 2000), reference);
        referenceOptions.Adaptive.FocusedMinibatch = false;
        await RunAsync(OneModule, referenceOptions, ct);
        await RunAsync(OneModule, Counting(Options(seed: 0, budget: 2000), focused), ct);

        var referenceShare = (double)reference[0] / reference[1];
        var focusedShare = (double)focused[0] / focused[1];
        Assert.True(referenceShare > 0.2, $"the reference sampler drew {referenceShare:P0} minibatches the parent passed");
        Assert.True(focusedShare < referenceShare * 0.7, $"focused {focusedShare:P0} vs reference {referenceShare:P0} of minibatches the parent passed");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public async Task OptimizeAsync_DiversityMerge_KeepsMergesWithinTheirShareOfTheBudget(int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var options = Options(seed, budget: 2000);
        options.Adaptive.MaxMergeBudgetShare = 0.1;
        var spentOnMerges = 0;
        var spent = 0;
        var inMerge = false;
        options.Callbacks.OnIterationStart.Subscribe(_ =>
        {
            inMerge = false;
            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnMergeAttempted.Subscribe(_ =>
        {
            inMerge = true;
            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnBudgetUpdated.Subscribe(e =>
        {
            spent = e.Used;
            spentOnMerges += inMerge ? e.Delta : 0;
            return ValueTask.CompletedTask;
        });

        var result = await RunAsync(TwoModules, options, ct);

        // The cap is checked before each merge, so it can be passed by at most one merge (subsample + full valset).
        Assert.True(spentOnMerges <= (0.1 * spent) + 5 + 60, $"merges spent {spentOnMerges} of {spent}");
        Assert.True(result.Merges.Tried > 0 || seed != 10, "seed 10, chosen because it merges, did not");
    }

    [Fact]
    public async Task ResumeAsync_Adaptive_FromCheckpoints_ReproducesTheUninterruptedRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = TwoModules;
        var checkpoints = new List<string>();
        var options = Options(seed: 4, budget: 1200);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            checkpoints.Add(JsonSerializer.Serialize(cp));
            return ValueTask.CompletedTask;
        });
        var full = await RunAsync(world, options, ct);
        Assert.True(checkpoints.Count > 20);
        Assert.Contains(full.ValSubscores, s => s.Count < world.Valset.Count);

        foreach (var json in checkpoints.Where((_, i) => i % 7 == 3).Append(checkpoints[^2]))
        {
            var checkpoint = JsonSerializer.Deserialize<GepaCheckpoint>(json)!;
            Assert.True(checkpoint.PolicyState.ContainsKey("adaptive"));
            var resumed = await new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), 1), new RuleWorldReflectionChatClient(world), Options(seed: 4, budget: 1200))
                .ResumeAsync(checkpoint, world.Trainset, world.Valset, ct);

            Assert.Equal(full.Candidates, resumed.Candidates);
            Assert.Equal(full.ValSubscores.Select(s => string.Join(",", s.Keys)), resumed.ValSubscores.Select(s => string.Join(",", s.Keys)));
            Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
            Assert.Equal(full.BestIndex, resumed.BestIndex);
            Assert.Equal(full.Merges, resumed.Merges);
        }
    }

    [Fact]
    public async Task OptimizeAsync_Fixed_AddsNothingToTheCheckpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        GepaCheckpoint? last = null;
        var options = Options(seed: 0, budget: 300, BudgetPolicy.Fixed);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            last = cp;
            return ValueTask.CompletedTask;
        });

        await RunAsync(OneModule, options, ct);

        Assert.NotNull(last);
        Assert.Empty(last.PolicyState);
        Assert.DoesNotContain(last.Settings.Keys, k => k.Contains("Adaptive", StringComparison.Ordinal) || k == nameof(GepaOptions.BudgetPolicy));
    }

    [Fact]
    public async Task ResumeAsync_WithADifferentBudgetPolicy_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        GepaCheckpoint? last = null;
        var options = Options(seed: 0, budget: 300);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            last = cp;
            return ValueTask.CompletedTask;
        });
        await RunAsync(OneModule, options, ct);

        var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(OneModule, new RuleWorldTaskChatClient(OneModule)), new RuleWorldReflectionChatClient(OneModule), Options(seed: 0, budget: 300, BudgetPolicy.Fixed));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => optimizer.ResumeAsync(last!, OneModule.Trainset, OneModule.Valset, ct));
        Assert.Contains("BudgetPolicy", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FocusedFailures", 0)]
    [InlineData("MinibatchGuards", -1)]
    [InlineData("MinFirstStage", 0)]
    [InlineData("StageGrowth", 1.0)]
    [InlineData("LossConfidence", -1.0)]
    [InlineData("BanditDiscount", 0.0)]
    [InlineData("MergeDiversityThreshold", 0.6)]
    [InlineData("MaxMergeBudgetShare", 1.5)]
    public async Task OptimizeAsync_BadAdaptiveOption_IsRejectedNamingIt(string name, object value)
    {
        var options = Options(seed: 0, budget: 300);
        var property = typeof(AdaptiveBudgetOptions).GetProperty(name)!;
        property.SetValue(options.Adaptive, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(OneModule, options, TestContext.Current.CancellationToken));

        Assert.Equal("Adaptive." + name, ex.ParamName);
    }
}
