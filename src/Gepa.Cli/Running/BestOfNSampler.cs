using System.Globalization;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Running;

/// <summary>The best-of-n baseline (<c>strategy: best-of-n</c>): the reflection model rewrites the seed blindly, n times
/// (no examples, scores or feedback), each rewrite is scored on the whole validation set, and the best is kept. n is as
/// many as the budget pays for after the seed's own validation.</summary>
/// <remarks>It is what a user could do without GEPA: sample several prompts and keep the one that validates best.
/// Every component is rewritten in each sample.</remarks>
/// <typeparam name="TExample">The example type.</typeparam>
/// <param name="adapter">Evaluates candidates.</param>
/// <param name="reflection">The model that writes the rewrites.</param>
/// <param name="options">The budget (<see cref="GepaOptions.MaxMetricCalls"/>) and nothing else.</param>
internal sealed class BestOfNSampler<TExample>(IGepaAdapter<TExample> adapter, IChatClient reflection, GepaOptions options)
{
    /// <summary>The rewrite prompt; <c>{0}</c> is the current text and <c>{1}</c> the sample's name (engine seed and number). It names no task
    /// vocabulary (in RuleWorld no rule keyword), so it teaches nothing by itself.</summary>
    public const string Template =
        """
        You are improving the instructions that an AI assistant follows for a task. These are its current instructions:
        ```
        {0}
        ```

        Write a new version of these instructions that you expect to work better on this kind of task. This is variant {1} of several; make it differ from the others.

        Reply with the complete new instructions inside a single ``` block.
        """;

    private static readonly System.Text.CompositeFormat s_template = System.Text.CompositeFormat.Parse(Template);

    /// <summary>Runs the baseline.</summary>
    /// <param name="seed">The seed candidate.</param>
    /// <param name="val">The validation examples.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The candidates sampled (the seed first) and the best by mean validation score.</returns>
    public async Task<GepaResult> OptimizeAsync(Candidate seed, IReadOnlyList<TExample> val, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(val);
        var budget = options.MaxMetricCalls ?? throw new InvalidOperationException("best-of-n needs a rollout budget (engine.max-metric-calls).");
        var candidates = new List<Candidate>();
        var scores = new List<double>();
        var subscores = new List<IReadOnlyDictionary<int, double>>();
        var spent = 0;
        var reflections = 0;
        var failed = 0;

        async Task ScoreAsync(Candidate candidate)
        {
            var batch = await adapter.EvaluateAsync(val, candidate, captureTraces: false, cancellationToken);
            spent += val.Count;
            candidates.Add(candidate);
            scores.Add(batch.Scores.Count == 0 ? 0 : batch.Scores.Average());
            subscores.Add(Enumerable.Range(0, batch.Scores.Count).ToDictionary(i => i, i => batch.Scores[i]));
        }

        await ScoreAsync(seed);

        // The seed's own validation must fit, as in GEPA; then one sample per full validation the budget still pays for.
        for (var sample = 1; spent + val.Count <= budget; sample++)
        {
            var texts = new List<KeyValuePair<string, string>>();
            foreach (var (component, text) in seed)
            {
                reflections++;
                // The engine seed is part of the variant's name, so that another seed samples other rewrites (a real model would
                // also differ by temperature; the simulated one answers each prompt deterministically).
                var prompt = string.Format(CultureInfo.InvariantCulture, s_template, text, string.Create(CultureInfo.InvariantCulture, $"{options.Seed}.{sample}"));
                var response = await reflection.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], null, cancellationToken);
                var rewritten = ReflectionPrompt.Extract(response.Text ?? "");
                texts.Add(new(component, string.IsNullOrEmpty(rewritten) ? text : rewritten));
                failed += string.IsNullOrEmpty(rewritten) ? 1 : 0;
            }

            await ScoreAsync(new Candidate(texts));
        }

        var best = scores.IndexOf(scores.Max());
        return new GepaResult
        {
            Candidates = candidates,
            Parents = [.. candidates.Select((_, i) => (IReadOnlyList<int>)(i == 0 ? [] : [0]))],
            ValAggregateScores = scores,
            ValSubscores = subscores,
            PerValInstanceBestCandidates = Enumerable.Range(0, val.Count).ToDictionary(
                k => k,
                k => (IReadOnlyList<int>)[.. Enumerable.Range(0, candidates.Count).Where(c => subscores[c].GetValueOrDefault(k) == Enumerable.Range(0, candidates.Count).Max(o => subscores[o].GetValueOrDefault(k)))]),
            DiscoveryEvalCounts = [.. Enumerable.Range(0, candidates.Count).Select(i => (i + 1) * val.Count)],
            TotalMetricCalls = spent,
            NumFullValEvals = candidates.Count,
            Seed = options.Seed,
            BestIndex = best,
            Iterations = candidates.Count - 1,
            ProposalsTried = candidates.Count - 1,
            ProposalsAccepted = candidates.Count - 1,
            FailedProposals = failed,
            ReflectionCalls = reflections,
            StopReason = GepaStopReason.BudgetExhausted,
            StopMessage = string.Create(CultureInfo.InvariantCulture, $"best-of-n: {candidates.Count - 1} samples of the seed, {spent} rollouts"),
        };
    }
}
