using Gepa.MultiHop;
using Gepa.Retrieval.Lucene;

namespace Gepa.Simulation.Tests.MultiHop;

/// <summary>The whole loop offline: the engine, unchanged, optimizes the multi-hop program's three steps against the
/// <em>simulated</em> task and reflection models over real BM25 retrieval.</summary>
public sealed class MultiHopLoopTests
{
    private static async Task<(GepaResult Result, double SeedTest, double BestTest, double SeedRecall, double BestRecall)> RunAsync(bool perStepFeedback, int budget, bool joint = false)
    {
        var wiki = new FictionWiki();
        var simulation = new MultiHopSimulation(wiki);
        using var retriever = new LuceneBm25Retriever(wiki.Corpus);
        var program = new MultiHopQaProgram(MultiHopChatClient.Task(simulation), retriever);
        var adapter = program.ToAdapter(new MultiHopMetric(wiki.Corpus, perStepFeedback).ScoreAsync);
        var options = new GepaOptions { MaxMetricCalls = budget, Seed = 0 };
        JointStepProposer<MultiHopExample>? proposer = null;
        if (joint)
        {
            proposer = new JointStepProposer<MultiHopExample>(adapter, wiki.Trainset, MultiHopChatClient.Reflection(simulation));
            options.Proposer = proposer;
        }

        var result = await new GepaOptimizer<MultiHopExample>(adapter, MultiHopChatClient.Reflection(simulation), options)
            .OptimizeAsync(program.SeedCandidate(), wiki.Trainset, wiki.Valset, TestContext.Current.CancellationToken);
        var seed = await adapter.EvaluateAsync(wiki.Testset, program.SeedCandidate(), false, TestContext.Current.CancellationToken);
        var best = await adapter.EvaluateAsync(wiki.Testset, result.BestCandidate, false, TestContext.Current.CancellationToken);
        static double Recall(EvaluationBatch e) => e.ObjectiveScores!.Average(o => o[MultiHopMetric.RecallObjective]);
        return (result, seed.Scores.Average(), best.Scores.Average(), Recall(seed), Recall(best));
    }

    [Fact]
    public async Task OptimizeAsync_PerStepFeedback_RaisesTestF1AndRecallBecauseEachStepLearnsItsSkills()
    {
        var (result, seedTest, bestTest, seedRecall, bestRecall) = await RunAsync(perStepFeedback: true, budget: 600);

        Assert.True(seedTest < 0.15, $"seed test F1 {seedTest}");
        Assert.True(bestTest >= 0.6, $"optimized test F1 {bestTest}");
        Assert.True(bestRecall > seedRecall + 0.2, $"recall {seedRecall} -> {bestRecall}");

        // The reasons: the query writer learnt to name the bridge entity, the summarizer to keep every passage's facts,
        // the answerer to give the span only.
        var best = result.BestCandidate;
        Assert.Contains("W1", MultiHopSimulation.SkillsIn(best["write_query"]).Select(s => s.Id));
        Assert.Contains("S2", MultiHopSimulation.SkillsIn(best["summarize"]).Select(s => s.Id));
        Assert.Contains("A1", MultiHopSimulation.SkillsIn(best["answer"]).Select(s => s.Id));
    }

    [Fact]
    public async Task OptimizeAsync_SameSeed_IsReproducible()
    {
        var first = await RunAsync(perStepFeedback: true, budget: 200);
        var second = await RunAsync(perStepFeedback: true, budget: 200);

        Assert.Equal(first.Result.BestCandidate, second.Result.BestCandidate);
        Assert.Equal(first.Result.ValAggregateScores, second.Result.ValAggregateScores);
    }

    [Fact]
    public async Task OptimizeAsync_ProgramLevelFeedbackOnly_LearnsLessThanPerStepFeedback()
    {
        var perStep = await RunAsync(perStepFeedback: true, budget: 600);
        var programLevel = await RunAsync(perStepFeedback: false, budget: 600);

        Assert.True(programLevel.BestTest < perStep.BestTest, $"program-level {programLevel.BestTest} vs per-step {perStep.BestTest}");
    }

    [Fact]
    public async Task OptimizeAsync_JointProposer_LearnsEveryStepsSkillsThroughOneCallPerIteration()
    {
        var (result, seedTest, bestTest, _, _) = await RunAsync(perStepFeedback: true, budget: 300, joint: true);

        Assert.True(bestTest >= 0.6, $"seed test F1 {seedTest}, optimized {bestTest}");
        var best = result.BestCandidate;
        Assert.Contains("W1", MultiHopSimulation.SkillsIn(best["write_query"]).Select(s => s.Id));
        Assert.Contains("A1", MultiHopSimulation.SkillsIn(best["answer"]).Select(s => s.Id));

        // A joint child changes several steps at once: at least one candidate differs from its parent in two steps.
        var candidates = result.Candidates;
        Assert.Contains(Enumerable.Range(1, candidates.Count - 1), i =>
            candidates[i].ComponentNames.Count(n => candidates[i][n] != candidates[result.Parents[i][0]][n]) >= 2);
    }
}
