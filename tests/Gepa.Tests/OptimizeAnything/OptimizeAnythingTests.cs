using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa.Tests.OptimizeAnything;

public sealed partial class OptimizeAnythingTests
{
    private static OptimizeAnythingOptions Options(IChatClient model, int budget = 10) => new()
    {
        ReflectionModel = model,
        MaxEvaluations = budget,
        Gepa = { ReflectionRetryDelay = TimeSpan.Zero },
    };

    // A reflection model that appends one 'a' to whatever text it is shown.
    private static FakeChatClient Appender() => new((messages, _, _) =>
    {
        var current = CurrentBlock().Match(messages[^1].Text).Groups[1].Value;
        return Task.FromResult(FakeChatClient.Response("```\n" + current + "a\n```"));
    });

    private static ValueTask<Evaluation> CountA(string text, EvaluationContext ctx) =>
        ValueTask.FromResult(new Evaluation(text.Count(c => c == 'a') / 10.0, new SideInfo().Feedback($"{text.Count(c => c == 'a')} letters a; more is better")));

    [Fact]
    public async Task RunAsync_SingleTask_ImprovesWithinBudget()
    {
        var model = Appender();
        var result = await Gepa.OptimizeAnything.RunAsync("a", CountA, Options(model, budget: 10), TestContext.Current.CancellationToken);

        Assert.Equal(OptimizeAnythingConstants.GepaEngine, result.Engine);
        Assert.True(result.BestScore > 0.1, $"best {result.BestScore}");
        Assert.StartsWith("aa", result.BestText, StringComparison.Ordinal);
        Assert.True(result.EvaluationsUsed <= 10);
        Assert.Equal(10, result.MaxEvaluations);
        Assert.False(result.SeedGenerated);
        Assert.Contains("letters a; more is better", model.Calls[0].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ObjectiveAndBackground_ShapeTheReflectionPrompt()
    {
        var model = Appender();
        var options = Options(model, budget: 4);
        options.Objective = "Maximise the letter a.";
        options.Background = "Only lowercase letters.";
        await Gepa.OptimizeAnything.RunAsync("a", CountA, options, TestContext.Current.CancellationToken);

        var prompt = model.Calls[0].Messages[^1].Text;
        Assert.Contains("## Goal\n\nMaximise the letter a.", prompt, StringComparison.Ordinal);
        Assert.Contains("## Context and constraints\n\nOnly lowercase letters.", prompt, StringComparison.Ordinal);
        Assert.Contains("Score", prompt, StringComparison.Ordinal);
        Assert.Null(options.Gepa.ReflectionPromptTemplate); // the user's options are left as they were
    }

    [Fact]
    public async Task RunAsync_ReferencePrompts_UsesTheReferenceWordingAndHidesTheScore()
    {
        var model = Appender();
        var options = Options(model, budget: 4);
        options.Objective = "Maximise the letter a.";
        options.ReferencePrompts = true;
        await Gepa.OptimizeAnything.RunAsync("a", CountA, options, TestContext.Current.CancellationToken);

        var prompt = model.Calls[0].Messages[^1].Text;
        Assert.StartsWith("You are an expert optimization assistant.", prompt, StringComparison.Ordinal);
        Assert.Contains("## Optimization Goal\n\nMaximise the letter a.", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("## Score", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoSeedWithObjective_TheReflectionModelWritesTheFirstCandidate()
    {
        var calls = 0;
        var model = new FakeChatClient((messages, _, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                return Task.FromResult(FakeChatClient.Response("Here it is:\n```\naaa\n```"));
            }

            var current = CurrentBlock().Match(messages[^1].Text).Groups[1].Value;
            return Task.FromResult(FakeChatClient.Response("```\n" + current + "a\n```"));
        });
        var options = Options(model, budget: 8);
        options.Objective = "A string of many letters a.";
        options.Background = "Nothing else.";

        var result = await Gepa.OptimizeAnything.RunAsync(null, (string t, int ex, EvaluationContext c) => CountA(t, c), [1, 2], null, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.SeedGenerated);
        Assert.Equal("aaa", result.Seed[OptimizeAnythingConstants.TextComponent]);
        var seedPrompt = model.Calls[0].Messages[^1].Text;
        Assert.Contains("A string of many letters a.", seedPrompt, StringComparison.Ordinal);
        Assert.Contains("Nothing else.", seedPrompt, StringComparison.Ordinal);
        Assert.Contains("- Example 1: 1", seedPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SeedGenerationReturnsNothing_StopsWithAClearErrorBeforeAnyEvaluation()
    {
        var evaluated = 0;
        var options = Options(FakeChatClient.Replying("```\n\n```"));
        options.Objective = "Anything.";
        var e = await Assert.ThrowsAsync<SeedGenerationException>(() => Gepa.OptimizeAnything.RunAsync(null, (t, c) =>
        {
            evaluated++;
            return ValueTask.FromResult<Evaluation>(1);
        }, options, TestContext.Current.CancellationToken));

        Assert.Contains("Seedless start failed", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, evaluated);
    }

    [Fact]
    public async Task RunAsync_NoSeedNoObjective_Throws()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Gepa.OptimizeAnything.RunAsync(null, CountA, Options(Appender()), TestContext.Current.CancellationToken));
        Assert.Contains("Objective", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EvaluatorThrowsSometimes_EachIsAScoredFailureWithItsCauseAndTheRunGoesOn()
    {
        var model = Appender();
        var n = 0;
        var result = await Gepa.OptimizeAnything.RunAsync("a", (t, c) =>
        {
            if (Interlocked.Increment(ref n) == 2)
            {
                throw new InvalidOperationException("disk on fire");
            }

            return CountA(t, c);
        }, Options(model, budget: 10), TestContext.Current.CancellationToken);

        Assert.Equal(1, result.EvaluationFailures);
        Assert.Equal(10, result.EvaluationsUsed);
        var prompts = string.Join("\n", model.Calls.Select(c => c.Messages[^1].Text));
        Assert.Contains("InvalidOperationException: disk on fire", prompts, StringComparison.Ordinal);
        Assert.Contains(" at ", prompts, StringComparison.Ordinal); // top frames
    }

    [Fact]
    public async Task RunAsync_ConsecutiveFailures_StopTheRunWithTheLastCause()
    {
        var options = Options(Appender(), budget: 50);
        options.MaxConsecutiveEvaluatorFailures = 3;
        var calls = 0;
        var e = await Assert.ThrowsAsync<EvaluatorFailureException>(() => Gepa.OptimizeAnything.RunAsync("a", (t, c) =>
        {
            // The seed's first evaluation succeeds; every later one fails.
            if (++calls > 1)
            {
                throw new FormatException($"bad {calls}");
            }

            return CountA(t, c);
        }, options, TestContext.Current.CancellationToken));

        Assert.Equal(3, e.ConsecutiveFailures);
        var inner = Assert.IsType<FormatException>(e.InnerException);
        Assert.Equal($"bad {calls}", inner.Message);
        Assert.Contains("FormatException", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_TheEvaluatorSeesTheTokenAndTheRunEndsCancelled()
    {
        using var cts = new CancellationTokenSource();
        var sawToken = false;
        var run = Gepa.OptimizeAnything.RunAsync("a", async (t, c) =>
        {
            sawToken = c.CancellationToken.CanBeCanceled;
            if (t.Length > 2)
            {
                await cts.CancelAsync();
                c.CancellationToken.ThrowIfCancellationRequested();
            }

            return await CountA(t, c);
        }, Options(Appender(), budget: 40), cts.Token);

        try
        {
            var result = await run;
            Assert.Equal(nameof(GepaStopReason.Cancelled), result.StopReason);
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(sawToken);
    }

    [Fact]
    public async Task RunAsync_MultiTask_TheEvaluatorSeesTheBestEvaluationsOfItsExample()
    {
        var seen = new List<int>();
        var options = Options(Appender(), budget: 12);
        await Gepa.OptimizeAnything.RunAsync("a", (string t, string ex, EvaluationContext c) =>
        {
            lock (seen)
            {
                seen.Add(c.State.BestEvaluations.Count);
            }

            Assert.StartsWith("train_", c.ExampleId, StringComparison.Ordinal);
            Assert.True(c.State.BestEvaluations.Zip(c.State.BestEvaluations.Skip(1)).All(p => p.First.Score >= p.Second.Score));
            return CountA(t + ex, c);
        }, ["x", "y", "z"], null, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, seen[0]);
        Assert.Contains(seen, s => s > 0);
    }

    [Fact]
    public async Task RunAsync_TestSet_IsScoredForSeedAndBestOutsideTheBudget()
    {
        var testCalls = 0;
        var result = await Gepa.OptimizeAnything.RunAsync("a", (string t, int ex, EvaluationContext c) =>
        {
            if (ex >= 100)
            {
                Interlocked.Increment(ref testCalls);
            }

            return CountA(t, c);
        }, [1, 2], [3, 4], Options(Appender(), budget: 14), testSet: [100, 101, 102], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0.1, result.SeedTestScore!.Value, 9);
        Assert.Equal(result.BestScore, result.BestTestScore!.Value, 9);
        Assert.True(result.BestTestScore > result.SeedTestScore);
        Assert.Equal(6, testCalls);
        Assert.True(result.EvaluationsUsed <= 14);
    }

    [Fact]
    public async Task RunAsync_LogAndImages_ReachTheReflectionModel()
    {
        var model = Appender();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47 };
        await Gepa.OptimizeAnything.RunAsync("a", (t, c) =>
        {
            c.Log("rendered in 3 ms");
            return ValueTask.FromResult(new Evaluation(0.1, new SideInfo().Image("Rendering", png)));
        }, Options(model, budget: 4), TestContext.Current.CancellationToken);

        var message = model.Calls[0].Messages[^1];
        Assert.Contains("rendered in 3 ms", message.Text, StringComparison.Ordinal);
        Assert.Contains("[image img-", message.Text, StringComparison.Ordinal);
        var image = Assert.Single(message.Contents.OfType<DataContent>());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(png, image.Data.ToArray());
    }

    [Fact]
    public async Task RunCandidateAsync_ComponentSpecificInfo_OnlyReachesItsComponent()
    {
        var model = new FakeChatClient((messages, _, _) => Task.FromResult(FakeChatClient.Response("```\nnew\n```")));
        var seed = new Candidate([new("code", "x"), new("config", "y")]);
        var result = await Gepa.OptimizeAnything.RunCandidateAsync(seed, (c, ctx) => ValueTask.FromResult(new Evaluation(0.5, new SideInfo()
            .Feedback("shared")
            .Score("speed", 0.3)
            .For("code", s => s.Set("Compiler", "CS1002 at 1:5").Score("size", 0.9))
            .For("config", s => s.Set("Schema", "key 'x' unknown")))), Options(model, budget: 8), TestContext.Current.CancellationToken);

        var codePrompt = model.Calls.Select(c => c.Messages[^1].Text).First(p => p.Contains("```\nx\n```", StringComparison.Ordinal));
        Assert.Contains("CS1002 at 1:5", codePrompt, StringComparison.Ordinal);
        Assert.Contains("shared", codePrompt, StringComparison.Ordinal);
        Assert.Contains("Scores (Higher is Better)", codePrompt, StringComparison.Ordinal);
        Assert.DoesNotContain("key 'x' unknown", codePrompt, StringComparison.Ordinal);
        Assert.NotNull(result.Gepa);
    }

    [Fact]
    public async Task RunAsync_BestOfN_SamplesAndKeepsTheBestUntilTheBudgetIsSpent()
    {
        var n = 0;
        var model = new FakeChatClient((_, options, _) =>
        {
            Assert.Equal(1.0f, options!.Temperature);
            var k = Interlocked.Increment(ref n);
            return Task.FromResult(FakeChatClient.Response("```\n" + new string('a', k % 3 == 0 ? 5 : 1) + "\n```"));
        });
        var options = Options(model, budget: 7);
        options.Engine = OptimizeAnythingConstants.BestOfNEngine;
        var result = await Gepa.OptimizeAnything.RunAsync("a", (string t, int ex, EvaluationContext c) => CountA(t, c), [1, 2], null, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("aaaaa", result.BestText);
        Assert.Equal(0.5, result.BestScore, 9);
        Assert.Equal(6, result.EvaluationsUsed); // three samples of two; a fourth cannot be paid for
        Assert.Equal("BudgetExhausted", result.StopReason);
        Assert.Null(result.Gepa);
    }

    [Fact]
    public async Task RunAsync_BestOfNUnusableReplies_StopsInsteadOfLooping()
    {
        var options = Options(FakeChatClient.Replying("   "), budget: 7);
        options.Engine = OptimizeAnythingConstants.BestOfNEngine;
        var result = await Gepa.OptimizeAnything.RunAsync("a", CountA, options, TestContext.Current.CancellationToken);

        Assert.Equal("ConsecutiveFailures", result.StopReason);
        Assert.Equal(0, result.EvaluationsUsed);
    }

    [Fact]
    public async Task RunAsync_RunDirectory_WritesEveryEvaluationAndTheRunFiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gepa-oa-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = Options(Appender(), budget: 7);
            options.RunDirectory = dir;
            var result = await Gepa.OptimizeAnything.RunAsync("a", CountA, options, TestContext.Current.CancellationToken);

            Assert.Equal(result.EvaluationsUsed, Directory.GetFiles(Path.Combine(dir, "evals"), "*.json").Length);
            Assert.True(File.Exists(Path.Combine(dir, GepaRunDirectory.SummaryFileName)));
            Assert.True(File.Exists(Path.Combine(dir, GepaRunDirectory.BestCandidateFileName)));
            Assert.Contains("\"score\"", File.ReadAllText(Path.Combine(dir, "evals", "000001.json")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_SeedlessRunResumed_ContinuesFromTheGeneratedSeedWithoutAskingAgain()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gepa-oa-seedless-" + Guid.NewGuid().ToString("N"));
        try
        {
            var seeds = 0;
            var model = new FakeChatClient((messages, _, _) =>
            {
                var prompt = messages[^1].Text;
                if (prompt.StartsWith("Write the first version", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref seeds);
                    return Task.FromResult(FakeChatClient.Response("```\naa\n```"));
                }

                return Task.FromResult(FakeChatClient.Response("```\n" + CurrentBlock().Match(prompt).Groups[1].Value + "a\n```"));
            });
            var options = Options(model, budget: 7);
            options.Objective = "Many letters a.";
            options.RunDirectory = dir;
            var first = await Gepa.OptimizeAnything.RunAsync(null, CountA, options, TestContext.Current.CancellationToken);
            var again = await Gepa.OptimizeAnything.RunAsync(null, CountA, options, TestContext.Current.CancellationToken);

            Assert.Equal(1, seeds);
            Assert.Equal("aa", again.Seed[OptimizeAnythingConstants.TextComponent]);
            Assert.Equal(first.BestText, again.BestText);
            Assert.True(again.EvaluationsUsed <= 7);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"```\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CurrentBlock();
}
