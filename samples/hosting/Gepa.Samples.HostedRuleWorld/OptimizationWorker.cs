using System.Globalization;
using Gepa.Simulation;
using Microsoft.Extensions.Hosting;

namespace Gepa.Samples.HostedRuleWorld;

/// <summary>Runs one optimization when the host starts, prints its progress as the events stream in, then stops the host.</summary>
/// <param name="gepa">Gepa's optimizer factory (options, models, logging from the host).</param>
/// <param name="world">The simulated world: the trainset, the valset and the seed candidate.</param>
/// <param name="output">Where to print.</param>
/// <param name="lifetime">Stopped when the run ends.</param>
internal sealed class OptimizationWorker(GepaOptimizerFactory gepa, RuleWorld world, OptimizationWorker.Output output, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var w = output.Writer;
            var adapter = new RuleWorldAdapter(world, gepa.GetModels().Task!);
            await w.WriteLineAsync("Optimizing in RuleWorld (a simulation, not a language model)...");
            await foreach (var e in gepa.RunAsync(adapter, world.SeedCandidate(), world.Trainset, world.Valset, stoppingToken))
            {
                var line = e.Arguments switch
                {
                    BudgetUpdatedArgs a when a.Max is { } max && a.Used * 10 / max != (a.Used - a.Delta) * 10 / max => $"rollouts {a.Used}/{max}",
                    CandidateAcceptedArgs a => $"iteration {a.Iteration}: candidate {a.NewCandidateIndex} accepted",
                    ValsetEvaluatedArgs a when a.IsBestProgram => string.Create(CultureInfo.InvariantCulture, $"iteration {a.Iteration}: new best {a.AverageScore:0.000}"),
                    _ => null,
                };
                if (line is not null)
                {
                    await w.WriteLineAsync(line);
                }

                if (e.Result is { } result)
                {
                    await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"done: best {result.BestScore:0.000} (seed {result.ValAggregateScores[0]:0.000}) after {result.TotalMetricCalls} rollouts; {result.StopMessage}"));
                    foreach (var (name, text) in result.BestCandidate)
                    {
                        await w.WriteLineAsync($"[{name}]");
                        await w.WriteLineAsync(text);
                    }

                    output.Completed = true;
                }
            }
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>The sample's output, and whether the run completed.</summary>
    /// <param name="writer">Where to print.</param>
    internal sealed class Output(TextWriter writer)
    {
        /// <summary>Gets where to print.</summary>
        public TextWriter Writer { get; } = writer;

        /// <summary>Gets or sets a value indicating whether the run completed.</summary>
        public bool Completed { get; set; }
    }
}
