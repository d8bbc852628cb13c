using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>The <c>best-of-n</c> engine, the sampling floor every optimize-anything result should be compared with: draw
/// independent candidates from the reflection model (no history, no feedback), evaluate each on the whole pool, keep
/// the best. It stops when the budget cannot pay for another sample, at <see cref="OptimizeAnythingOptions.StopAtScore"/>,
/// or after <see cref="GepaOptions.MaxConsecutiveFailures"/> unusable replies in a row.</summary>
internal sealed partial class BestOfNAnythingEngine : IAnythingEngine
{
    /// <summary>The sampling temperature, so that N calls do not collapse to N copies of one reply (as the reference).</summary>
    internal const float Temperature = 1.0f;

    public async Task<AnythingEngineOutcome> RunAsync(AnythingRun run, CancellationToken cancellationToken)
    {
        if (run.Seed.Count != 1)
        {
            throw new ArgumentException($"The {OptimizeAnythingConstants.BestOfNEngine} engine samples one text; this candidate has {run.Seed.Count} components. Use the {OptimizeAnythingConstants.GepaEngine} engine for multi-component candidates.");
        }

        var component = run.Seed.ComponentNames[0];
        var prompt = Prompt(run.Options, run.Seed[component]);
        var pool = run.Val ?? run.Train;
        Candidate? best = null;
        var bestScore = double.NegativeInfinity;
        var samples = 0;
        var unusable = 0;
        var maxUnusable = run.Options.Gepa.MaxConsecutiveFailures;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (run.Server.Status.Remaining < pool.Count)
            {
                return Done("BudgetExhausted", $"The budget cannot pay for another sample ({run.Server.Status.Remaining} evaluations left, {pool.Count} per sample); {samples} samples evaluated.");
            }

            if (unusable >= maxUnusable)
            {
                return Done("ConsecutiveFailures", $"{unusable} samples in a row were unusable (model error or empty reply); {samples} samples evaluated.");
            }

            string? text;
            try
            {
                var response = await run.ReflectionModel.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Temperature = Temperature }, cancellationToken).ConfigureAwait(false);
                text = Parse(response.Text);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // An unusable sample is counted and bounded, as a failed proposal is.
            catch (Exception)
#pragma warning restore CA1031
            {
                text = null;
            }

            if (text is null)
            {
                unusable++;
                continue;
            }

            unusable = 0;
            samples++;
            var candidate = Candidate.FromText(component, text);
            var results = await run.Server.EvaluateItemsAsync(candidate, pool, cancellationToken).ConfigureAwait(false);
            var score = results.Average(r => r.Score);
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }

            if (run.Options.StopAtScore is { } target && bestScore >= target)
            {
                return Done("StopCondition", $"Score {bestScore} reached the target {target} after {samples} samples.");
            }
        }

        AnythingEngineOutcome Done(string reason, string message) =>
            new(best ?? run.Seed, best is null ? 0 : bestScore, reason, message);
    }

    internal static string Prompt(OptimizeAnythingOptions options, string seed)
    {
        var objective = string.IsNullOrWhiteSpace(options.Objective) ? null : options.Objective;
        var background = string.IsNullOrWhiteSpace(options.Background) ? null : options.Background;
        var sections = "";
        if (options.ReferencePrompts)
        {
            sections += objective is null ? "" : $"## Objective\n{objective}\n\n";
            sections += background is null ? "" : $"## Background\n{background}\n\n";
            sections += seed.Length == 0 ? "" : $"## Seed candidate\n```\n{seed}\n```\n\n";
            return $"You are writing a single candidate solution to the task below.\n{sections}## Output format\nRespond with a single fenced code block. Place your full final solution\nbetween the fences and write nothing else outside the block.\n";
        }

        sections += objective is null ? "" : $"## Goal\n{objective}\n\n";
        sections += background is null ? "" : $"## Context and constraints\n{background}\n\n";
        sections += seed.Length == 0 ? "" : $"## A starting point\n```\n{seed}\n```\n\n";
        return $"Write one complete solution to the task below; it will be scored as it is.\n\n{sections}Reply with the complete solution inside a single ``` block and nothing else.\n";
    }

    /// <summary>The first fenced block's body, else the whole reply when it is not blank (the reference's rule).</summary>
    internal static string? Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        var m = Fence().Match(reply);
        if (m.Success)
        {
            var body = m.Groups[1].Value.TrimEnd('\n');
            return body.Trim().Length == 0 ? null : body;
        }

        return reply.Trim();
    }

    [GeneratedRegex(@"```[a-zA-Z0-9_+-]*\n(.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Fence();
}
