using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gepa.Tests.Engine.Golden;

namespace Gepa.Tests.Telemetry;

[CollectionDefinition(nameof(GepaTelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTestsRunAlone;

/// <summary>The instruments are process-wide, so these tests run alone.</summary>
[Collection(nameof(GepaTelemetryTests))]
public sealed class GepaTelemetryTests
{
    [Fact]
    public async Task OptimizeAsync_WithListeners_ReportsRolloutsProposalsAndActivities()
    {
        long rollouts = 0, proposals = 0, acceptances = 0;
        double? best = null;
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GepaTelemetry.SourceName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "gepa.rollouts": Interlocked.Add(ref rollouts, value); break;
                case "gepa.proposals": Interlocked.Add(ref proposals, value); break;
                case "gepa.acceptances": Interlocked.Add(ref acceptances, value); break;
            }
        });
        meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => best = instrument.Name == "gepa.best_score" ? value : best);
        meters.Start();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GepaTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var train = Enumerable.Range(0, 6).Select(i => new ToyExample(i, $"w{i}", "p")).ToList();

        var result = await new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(false), new GepaOptions { MaxMetricCalls = 80 })
            .OptimizeAsync(Candidate.FromText("p", "start"), train, null, TestContext.Current.CancellationToken);

        Assert.Equal(result.TotalMetricCalls, rollouts);
        Assert.Equal(result.ProposalsTried, proposals);
        Assert.Equal(result.ProposalsAccepted, acceptances);
        Assert.Equal(result.BestScore, best);
        var run = Assert.Single(activities, a => a.OperationName == "gepa.optimize");
        Assert.Equal("BudgetExhausted", run.GetTagItem("gepa.stop_reason"));
        Assert.Equal(result.Iterations, activities.Count(a => a.OperationName == "gepa.iteration" && a.ParentId == run.Id));
    }

    [Fact]
    public async Task OptimizeAsync_WithAPriorSeedEvaluation_CountsOnlyTheSeedRolloutsItMade()
    {
        long seedRollouts = 0;
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GepaTelemetry.SourceName && instrument.Name == "gepa.rollouts")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "stage", Value: "seed" })
                {
                    Interlocked.Add(ref seedRollouts, value);
                }
            }
        });
        meters.Start();
        var seed = Candidate.FromText("p", "start");
        var train = Enumerable.Range(0, 6).Select(i => new ToyExample(i, $"w{i}", "p")).ToList();
        var options = new GepaOptions { MaxMetricCalls = 80, PriorSeedEvaluation = new PriorEvaluation { Candidate = seed, Batch = new EvaluationBatch([0.0, 0.0]) } };

        await new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(false), options)
            .OptimizeAsync(seed, train, null, TestContext.Current.CancellationToken);

        Assert.Equal(4, seedRollouts);
    }
}
