using Gepa.Tests.Engine.Golden;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Gepa.Tests.Engine;

public sealed class GepaOptimizerTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"];

    private static List<ToyExample> Examples(int n, int offset = 0) =>
        [.. Enumerable.Range(0, n).Select(i => new ToyExample(i, Words[(i + offset) % Words.Length], "instructions"))];

    private static Task<GepaResult> RunAsync(GepaOptions options, IGepaAdapter<ToyExample>? adapter = null, IChatClient? lm = null, int train = 6, int val = 6) =>
        RunUntilCancelledAsync(options, TestContext.Current.CancellationToken, adapter, lm, train, val);

    private static Task<GepaResult> RunUntilCancelledAsync(GepaOptions options, CancellationToken ct, IGepaAdapter<ToyExample>? adapter = null, IChatClient? lm = null, int train = 6, int val = 6) =>
        new GepaOptimizer<ToyExample>(adapter ?? new ToyAdapter(false), lm ?? new ToyReflectionChatClient(false), options)
            .OptimizeAsync(Candidate.FromText("instructions", "start"), Examples(train), Examples(val, 2), ct);

    [Fact]
    public async Task OptimizeAsync_DefaultOptions_ImprovesTheSeedWithinABudgetItNeverExceeds()
    {
        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 60 });

        Assert.True(result.BestScore > result.ValAggregateScores[0]);
        Assert.True(result.TotalMetricCalls <= 60, $"spent {result.TotalMetricCalls}");
        Assert.Equal(GepaStopReason.BudgetExhausted, result.StopReason);
        Assert.Equal(result.NumCandidates - 1, result.ProposalsAccepted);
    }

    [Fact]
    public async Task OptimizeAsync_ReferenceBudget_OvershootsLikeTheReference()
    {
        var options = GepaOptions.ReferenceMode();
        options.MaxMetricCalls = 60;
        options.ReflectionPromptTemplate = GoldenScenario.ReferenceTemplate();

        var result = await RunAsync(options);

        Assert.Equal(66, result.TotalMetricCalls); // golden g01: the reference ends at 66 for a budget of 60
    }

    public static TheoryData<int, BudgetPolicy> BudgetSeeds()
    {
        var data = new TheoryData<int, BudgetPolicy>();
        foreach (var policy in new[] { BudgetPolicy.Fixed, BudgetPolicy.Adaptive })
        {
            foreach (var seed in Enumerable.Range(0, 60))
            {
                data.Add(seed, policy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BudgetSeeds))]
    public async Task OptimizeAsync_RandomSmallConfiguration_NeverSpendsMoreThanTheBudget(int seed, BudgetPolicy policy)
    {
        var r = new Random(seed);
        var train = r.Next(2, 9);
        var val = r.Next(1, 9);
        var mb = r.Next(1, train + 1);

        // The smallest budget that pays for one proposal: the adaptive policy's focused minibatch takes failures and
        // guards in place of MinibatchSize.
        var adaptive = new AdaptiveBudgetOptions();
        var minibatch = policy == BudgetPolicy.Adaptive ? Math.Min(adaptive.FocusedFailures + adaptive.MinibatchGuards, train) : mb;
        var options = new GepaOptions
        {
            Seed = seed,
            BudgetPolicy = policy,
            MinibatchSize = mb,
            MaxMetricCalls = (2 * val) + (2 * minibatch) + r.Next(0, 80),
            CandidateSelection = (CandidateSelection)r.Next(4),
            ComponentSelection = (ComponentSelection)r.Next(2),
            AcceptanceCriterion = (AcceptanceCriterion)r.Next(2),
            UseMerge = r.Next(2) == 0,
            CacheEvaluation = r.Next(2) == 0,
            SkipPerfectScore = r.Next(2) == 0,
            ReflectionRetryDelay = TimeSpan.Zero,
        };
        var lm = new ToyReflectionChatClient(r.Next(2) == 0);

        var result = await RunAsync(options, lm: lm, train: train, val: val);

        Assert.True(result.TotalMetricCalls <= options.MaxMetricCalls, $"spent {result.TotalMetricCalls} of {options.MaxMetricCalls}");

        // The toy world is small: with the cache on, a run can see everything before its budget is spent.
        Assert.Contains(result.StopReason, new[] { GepaStopReason.BudgetExhausted, GepaStopReason.NoProgress });
        Assert.Equal(result.NumCandidates, result.Candidates.Distinct().Count());
        Assert.All(Enumerable.Range(1, result.NumCandidates - 1), k => Assert.All(result.Parents[k], p => Assert.True(p < k)));
    }

    [Fact]
    public async Task OptimizeAsync_EchoingReflectionModel_CostsNoChildRolloutsAndAddsNoCopies()
    {
        var echo = new FakeChatClient((_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "```\nstart\n```"))));
        var rejections = new List<CandidateRejectedArgs>();
        var options = new GepaOptions { MaxMetricCalls = 60, AcceptanceCriterion = AcceptanceCriterion.ImprovementOrEqual };
        options.Callbacks.OnCandidateRejected.Subscribe(a =>
        {
            rejections.Add(a);
            return ValueTask.CompletedTask;
        });

        var result = await RunAsync(options, lm: echo);

        Assert.Equal(1, result.NumCandidates);
        Assert.Equal(0, result.ProposalsTried);
        Assert.All(rejections, r => Assert.Contains("identical to candidate 0", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OptimizeAsync_EverythingCached_StopsWithNoProgressInsteadOfSpinning()
    {
        var echo = new FakeChatClient((_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "```\nstart\n```"))));
        var options = new GepaOptions { MaxMetricCalls = 1000, CacheEvaluation = true, SkipPerfectScore = false, MaxIdleIterations = 5 };

        var result = await RunAsync(options, lm: echo, train: 3);

        Assert.Equal(GepaStopReason.NoProgress, result.StopReason);
        Assert.Equal(6 + 3, result.TotalMetricCalls); // the seed's validation and one pass over the 3 training examples
    }

    [Fact]
    public async Task OptimizeAsync_EchoWithCacheAndNoDedup_StopsByItselfWithoutAddingCopies()
    {
        // Issue 18: with the cache on, improvement-or-equal and dedup off, an echoed parent was scored from the cache
        // for free and accepted, every iteration, forever (the idle stop reset by each copy).
        var echo = new FakeChatClient((_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "```\nstart\n```"))));
        var options = new GepaOptions
        {
            MaxMetricCalls = 1000,
            CacheEvaluation = true,
            AcceptanceCriterion = AcceptanceCriterion.ImprovementOrEqual,
            DeduplicateCandidates = false,
            SkipPerfectScore = false,
        };
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        options.Callbacks.OnIterationStart.Subscribe(a =>
        {
            if (a.Iteration > 5000)
            {
                guard.Cancel(); // the defect: without a bound the test would never end
            }

            return ValueTask.CompletedTask;
        });

        var result = await RunUntilCancelledAsync(options, guard.Token, lm: echo, train: 3);

        Assert.NotEqual(GepaStopReason.Cancelled, result.StopReason);
        Assert.Equal(1, result.NumCandidates);
        Assert.True(echo.Calls.Count <= options.MaxIdleIterations + 1, $"{echo.Calls.Count} paid reflection calls");
    }

    [Fact]
    public async Task OptimizeAsync_FreeIterationsWithoutABudgetOnRollouts_EndAtTheIterationBound()
    {
        // Every iteration costs something against a limit: a run whose rollouts are all free still ends.
        var echo = new FakeChatClient((_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "```\nstart\n```"))));
        var options = new GepaOptions { MaxMetricCalls = 1000, CacheEvaluation = true, SkipPerfectScore = false, MaxIdleIterations = 1_000_000, MaxIterations = 40 };

        var result = await RunAsync(options, lm: echo, train: 3);

        Assert.Equal(GepaStopReason.IterationLimit, result.StopReason);
        Assert.Equal(40, result.Iterations);
        Assert.Equal(40, echo.Calls.Count);
    }

    [Fact]
    public async Task OptimizeAsync_CandidateAccepted_CarriesTheValidationScoreAndTheMinibatchSums()
    {
        var accepted = new List<CandidateAcceptedArgs>();
        var options = new GepaOptions { MaxMetricCalls = 120, UseMerge = true, BudgetPolicy = BudgetPolicy.Fixed }; // fully evaluated candidates, scheduled merges
        options.Callbacks.OnCandidateAccepted.Subscribe(a =>
        {
            accepted.Add(a);
            return ValueTask.CompletedTask;
        });

        var result = await RunAsync(options);

        Assert.NotEmpty(accepted);
        Assert.All(accepted, a => Assert.Equal(result.ValAggregateScores[a.NewCandidateIndex], a.ValScore));
        Assert.All(accepted, a => Assert.True(a.ParentIds.Count == 2 ? a.MinibatchScoreAfter >= a.MinibatchScoreBefore : a.MinibatchScoreAfter > a.MinibatchScoreBefore, $"{a.MinibatchScoreAfter} after {a.MinibatchScoreBefore}"));

        // The validation score is a mean in [0, 1]; a minibatch sum of 3 examples is not, in this world.
        Assert.Contains(accepted, a => a.MinibatchScoreAfter > 1);
    }

    [Fact]
    public async Task OptimizeAsync_AdapterThrows_FailsNamingIterationCandidateAndExamples()
    {
        var adapter = new ThrowingAdapter(new ToyAdapter(false), throwOnCall: 2);

        var ex = await Assert.ThrowsAsync<GepaEvaluationException>(() => RunAsync(new GepaOptions { MaxMetricCalls = 60, BudgetPolicy = BudgetPolicy.Fixed }, adapter)); // a minibatch of MinibatchSize (3)

        Assert.Equal(1, ex.Iteration);
        Assert.Equal("candidate 0", ex.Candidate);
        Assert.Equal("train", ex.Split);
        Assert.Equal(3, ex.ExampleIds.Count);
        Assert.Contains("iteration 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptimizeAsync_AdapterThrowsWhenScoredAsFailure_ScoresZeroAndGoesOn()
    {
        var adapter = new ThrowingAdapter(new ToyAdapter(false), throwOnCall: 2);

        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 60, ScoreAdapterExceptionsAsFailures = true }, adapter);

        Assert.True(result.TotalMetricCalls <= 60);
        Assert.True(result.Iterations > 1);
    }

    [Fact]
    public async Task OptimizeAsync_ReflectionThrowsOnce_RetriesAndSucceeds()
    {
        var toy = new ToyReflectionChatClient(false);
        var calls = 0;
        var lm = new FakeChatClient((messages, _, ct) =>
        {
            if (++calls == 1)
            {
                throw new HttpRequestException("429 Too Many Requests");
            }

            return toy.GetResponseAsync(messages, null, ct);
        });

        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 60, ReflectionRetryDelay = TimeSpan.Zero }, lm: lm);

        Assert.Equal(0, result.FailedProposals);
        Assert.True(result.ProposalsAccepted > 0);
    }

    [Fact]
    public async Task OptimizeAsync_ReflectionAlwaysFails_StopsAfterConsecutiveFailuresWithTheCause()
    {
        var lm = new FakeChatClient((_, _, _) => throw new InvalidOperationException("model not found"));
        var failures = new List<ProposalFailedArgs>();
        var options = new GepaOptions { MaxMetricCalls = 600, ReflectionRetryDelay = TimeSpan.Zero, MaxConsecutiveFailures = 3, ReflectionRetries = 1, BudgetPolicy = BudgetPolicy.Fixed }; // minibatches of MinibatchSize
        options.Callbacks.OnProposalFailed.Subscribe(a =>
        {
            failures.Add(a);
            return ValueTask.CompletedTask;
        });

        var result = await RunAsync(options, lm: lm);

        Assert.Equal(GepaStopReason.ConsecutiveFailures, result.StopReason);
        Assert.Contains("model not found", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(3, result.FailedProposals);
        Assert.Equal(3, failures.Count);
        Assert.Equal(6 + (3 * 3), result.TotalMetricCalls); // the seed, then three parent minibatches: no child was paid for
    }

    [Theory]
    [InlineData("", null, "empty reply")]
    [InlineData("```\n```", null, "fenced block was empty")]
    [InlineData("```\ncut off mid", "length", "truncated")]
    public async Task OptimizeAsync_UnusableReflectionReply_IsAFailedProposalNotAChild(string reply, string? finish, string expected)
    {
        var lm = new FakeChatClient((_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)) { FinishReason = finish is null ? ChatFinishReason.Stop : new ChatFinishReason(finish) }));

        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 600, ReflectionRetryDelay = TimeSpan.Zero, MaxConsecutiveFailures = 2 }, lm: lm);

        Assert.Equal(GepaStopReason.ConsecutiveFailures, result.StopReason);
        Assert.Contains(expected, result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(0, result.ProposalsTried);
    }

    [Fact]
    public async Task OptimizeAsync_ReflectionRetries_BackOffExponentiallyOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var attempts = new List<DateTimeOffset>();
        var lm = new FakeChatClient((_, _, _) =>
        {
            attempts.Add(time.GetUtcNow());
            throw new InvalidOperationException("down");
        });
        var options = new GepaOptions { MaxMetricCalls = 600, ReflectionRetries = 2, ReflectionRetryDelay = TimeSpan.FromSeconds(1), MaxConsecutiveFailures = 1, TimeProvider = time };

        var run = RunAsync(options, lm: lm);
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        await run;
        Assert.Equal(3, attempts.Count);
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromSeconds(1));
        Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task OptimizeAsync_CancelledMidRun_ReturnsAConsistentResultSayingSo()
    {
        using var cts = new CancellationTokenSource();
        var options = new GepaOptions { MaxMetricCalls = 400 };
        options.Callbacks.OnCandidateAccepted.Subscribe(_ =>
        {
            cts.Cancel();
            return ValueTask.CompletedTask;
        });

        var result = await RunUntilCancelledAsync(options, cts.Token);

        Assert.Equal(GepaStopReason.Cancelled, result.StopReason);
        Assert.Equal(2, result.NumCandidates);
        Assert.Equal(result.NumCandidates, result.ValSubscores.Count);
    }

    [Fact]
    public async Task OptimizeAsync_StopCondition_StopsWithItsReason()
    {
        var options = new GepaOptions { MaxMetricCalls = 400 };
        options.StopConditions.Add(new DelegateStopCondition(c => c.Iteration >= 2 ? "two iterations are enough" : null));

        var result = await RunAsync(options);

        Assert.Equal(GepaStopReason.StopCondition, result.StopReason);
        Assert.Equal("two iterations are enough", result.StopMessage);
        Assert.Equal(2, result.Iterations);
    }

    [Fact]
    public async Task OptimizeAsync_ThrowingCallback_DoesNotStopTheRun()
    {
        var options = new GepaOptions { MaxMetricCalls = 60 };
        options.Callbacks.OnIterationStart.Subscribe(_ => throw new InvalidOperationException("observer bug"));

        var result = await RunAsync(options);

        Assert.Equal(GepaStopReason.BudgetExhausted, result.StopReason);
    }

    public static TheoryData<string, Action<GepaOptions>, string> InvalidOptions() => new()
    {
        { "MinibatchSize", o => o.MinibatchSize = 7, "between 1 and the trainset size (6)" },
        { "MinibatchSize", o => o.MinibatchSize = 0, "between 1 and the trainset size (6)" },
        { "MaxMetricCalls", o => o.MaxMetricCalls = 17, "at least 18" },
        { "MaxMetricCalls", o => o.MaxMetricCalls = null, "rollout budget" },
        { "Epsilon", o => o.Epsilon = 1.5, "between 0 and 1" },
        { "TopK", o => o.TopK = 0, "at least 1" },
        { "MaxConsecutiveFailures", o => o.MaxConsecutiveFailures = 0, "at least 1" },
        { "ReflectionPromptTemplate", o => o.ReflectionPromptTemplate = "no placeholders", "<curr_param>" },
        { "ComponentReflectionPromptTemplates", o => o.ComponentReflectionPromptTemplates["instructoins"] = "<curr_param><side_info>", "'instructoins'" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task OptimizeAsync_InvalidOption_ThrowsNamingItBeforeAnyModelCall(string option, Action<GepaOptions> configure, string expected)
    {
        // The messages name the fixed policy's minibatch; the adaptive policy's are tested in GepaOptimizerAdaptiveTests.
        var options = new GepaOptions { MaxMetricCalls = 100, BudgetPolicy = BudgetPolicy.Fixed };
        configure(options);
        var adapter = new ToyAdapter(false);
        var lm = new ToyReflectionChatClient(false);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(options, adapter, lm));

        Assert.Equal(option, ex.ParamName);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(adapter.Calls);
        Assert.Empty(lm.Prompts);
    }

    [Fact]
    public async Task OptimizeAsync_EmptyInputs_AreRejectedClearly()
    {
        var optimizer = new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(false), new GepaOptions { MaxMetricCalls = 100 });
        var ct = TestContext.Current.CancellationToken;

        var noComponents = await Assert.ThrowsAsync<ArgumentException>(() => optimizer.OptimizeAsync(new Candidate([]), Examples(3), Examples(3), ct));
        var noTrain = await Assert.ThrowsAsync<ArgumentException>(() => optimizer.OptimizeAsync(Candidate.FromText("instructions", "s"), [], Examples(3), ct));
        var noVal = await Assert.ThrowsAsync<ArgumentException>(() => optimizer.OptimizeAsync(Candidate.FromText("instructions", "s"), Examples(3), [], ct));

        Assert.Contains("no components", noComponents.Message, StringComparison.Ordinal);
        Assert.Contains("trainset is empty", noTrain.Message, StringComparison.Ordinal);
        Assert.Contains("valset is empty", noVal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EstimateBudget_SmallBudget_IsLowAndExplainsItself()
    {
        var estimate = GepaBudget.Estimate(new GepaOptions { MaxMetricCalls = 100, BudgetPolicy = BudgetPolicy.Fixed }, valsetSize: 50);

        Assert.Equal(2, estimate.ApproximateProposals); // (100 - 50) / (6 + 15)
        Assert.True(estimate.IsLow);
        Assert.Contains("100 budget", estimate.Explanation, StringComparison.Ordinal);
    }

    private sealed class ThrowingAdapter(IGepaAdapter<ToyExample> inner, int throwOnCall) : IGepaAdapter<ToyExample>
    {
        private int _calls;

        public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<ToyExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken) =>
            ++_calls == throwOnCall ? throw new InvalidOperationException("boom") : inner.EvaluateAsync(batch, candidate, captureTraces, cancellationToken);

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<ToyExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
        {
            // A failed batch carries EvaluationFailure traces; give reflection the error text.
            if (evaluation.Traces is { Count: > 0 } traces && traces[0] is EvaluationFailure failure)
            {
                var dataset = new ReflectiveDataset();
                dataset.Add(components[0], [new ReflectiveRecord { ["Inputs"] = "?", ["Generated Outputs"] = "0.0", ["Feedback"] = failure.Message }]);
                return ValueTask.FromResult(dataset);
            }

            return inner.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);
        }
    }

    private sealed class DelegateStopCondition(Func<StopContext, string?> check) : IStopCondition
    {
        public string? ShouldStop(in StopContext context) => check(context);
    }
}
