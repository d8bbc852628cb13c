using System.Globalization;
using System.Text.Json;

namespace Gepa;

/// <summary>The built-in stop conditions; add them to <see cref="GepaOptions.StopConditions"/> (any one stops the run)
/// or combine them with <see cref="Any"/> and <see cref="All"/>.</summary>
public static class StopConditions
{
    /// <summary>Stops once the run has taken longer than <paramref name="limit"/> (on <see cref="GepaOptions.TimeProvider"/>).</summary>
    /// <param name="limit">The wall-clock limit.</param>
    /// <returns>The condition.</returns>
    public static IStopCondition Timeout(TimeSpan limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero);
        return new DelegateCondition(c => c.Elapsed >= limit ? $"The time limit of {limit} was reached after {c.Elapsed:hh\\:mm\\:ss}." : null);
    }

    /// <summary>Stops when the best mean validation score has not risen for <paramref name="iterations"/> iterations.</summary>
    /// <param name="iterations">How many iterations without improvement to allow, at least 1.</param>
    /// <returns>The condition; it keeps state, so use one instance per run.</returns>
    public static IStopCondition NoImprovement(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        return new NoImprovementCondition(iterations);
    }

    /// <summary>Stops once the best mean validation score reaches <paramref name="threshold"/>.</summary>
    /// <param name="threshold">The score to reach.</param>
    /// <returns>The condition.</returns>
    public static IStopCondition ScoreThreshold(double threshold) =>
        new DelegateCondition(c => c.BestScore >= threshold ? $"The best validation score {c.BestScore.ToString("0.###", CultureInfo.InvariantCulture)} reached the threshold {threshold.ToString(CultureInfo.InvariantCulture)}." : null);

    /// <summary>Stops gracefully when a file appears at <paramref name="path"/> (the current iteration finishes first).</summary>
    /// <param name="path">The file to watch for, for example <c>runs/my-run/gepa.stop</c>.</param>
    /// <returns>The condition.</returns>
    public static IStopCondition StopFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new DelegateCondition(_ => File.Exists(path) ? $"The stop file '{path}' was found." : null);
    }

    /// <summary>Stops once <paramref name="proposals"/> reflective proposals have been evaluated.</summary>
    /// <param name="proposals">The number of proposals, at least 1.</param>
    /// <returns>The condition.</returns>
    public static IStopCondition MaxProposals(int proposals)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(proposals, 1);
        return new DelegateCondition(c => c.ProposalsTried >= proposals ? $"{c.ProposalsTried} proposals were tried (limit {proposals})." : null);
    }

    /// <summary>Stops once the reflection model has used <paramref name="tokens"/> tokens (input plus output, as it reports them).</summary>
    /// <param name="tokens">The token limit.</param>
    /// <returns>The condition.</returns>
    public static IStopCondition MaxReflectionTokens(long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        return new DelegateCondition(c =>
        {
            var used = c.ReflectionInputTokens + c.ReflectionOutputTokens;
            return used >= tokens ? $"The reflection model used {used} tokens (limit {tokens})." : null;
        });
    }

    /// <summary>Stops once the reflection model's cost, at the given prices, reaches <paramref name="maxCost"/>.</summary>
    /// <param name="maxCost">The cost limit, in the prices' currency.</param>
    /// <param name="inputPricePerMillion">The price of a million input tokens.</param>
    /// <param name="outputPricePerMillion">The price of a million output tokens.</param>
    /// <returns>The condition.</returns>
    public static IStopCondition MaxReflectionCost(decimal maxCost, decimal inputPricePerMillion, decimal outputPricePerMillion)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxCost, 0m);
        return new DelegateCondition(c =>
        {
            var cost = ((c.ReflectionInputTokens * inputPricePerMillion) + (c.ReflectionOutputTokens * outputPricePerMillion)) / 1_000_000m;
            return cost >= maxCost ? $"The reflection model cost {cost.ToString("0.####", CultureInfo.InvariantCulture)} (limit {maxCost.ToString(CultureInfo.InvariantCulture)})." : null;
        });
    }

    /// <summary>Stops when any of the conditions says so.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The combined condition.</returns>
    public static IStopCondition Any(params IStopCondition[] conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return new DelegateCondition(c =>
        {
            foreach (var condition in conditions)
            {
                if (condition.ShouldStop(c) is { } why)
                {
                    return why;
                }
            }

            return null;
        });
    }

    /// <summary>Stops only when every condition says so at the same check.</summary>
    /// <param name="conditions">The conditions, at least one.</param>
    /// <returns>The combined condition.</returns>
    public static IStopCondition All(params IStopCondition[] conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentOutOfRangeException.ThrowIfZero(conditions.Length);
        return new DelegateCondition(c =>
        {
            var reasons = new List<string>();
            foreach (var condition in conditions)
            {
                // Every condition is asked, so that stateful ones see every check.
                if (condition.ShouldStop(c) is { } why)
                {
                    reasons.Add(why);
                }
            }

            return reasons.Count == conditions.Length ? string.Join(" and ", reasons) : null;
        });
    }

    /// <summary>Stops gracefully on SIGINT (Ctrl+C) or SIGTERM: the signal is absorbed, the current iteration finishes,
    /// and the run returns its result. Dispose it to restore the default signal handling.</summary>
    /// <returns>The condition, which is also <see cref="IDisposable"/>.</returns>
    public static SignalStopCondition OnSignal() => new();

    private sealed class DelegateCondition(Func<StopContext, string?> check) : IStopCondition
    {
        public string? ShouldStop(in StopContext context) => check(context);
    }

    private sealed class NoImprovementCondition(int iterations) : IStatefulStopCondition
    {
        private double _best = double.NegativeInfinity;
        private int _lastImprovement;

        // [best, last improvement]; the best is null before the first check (JSON has no infinity).
        public JsonElement SaveState() =>
            JsonSerializer.SerializeToElement([double.IsFinite(_best) ? _best : null, _lastImprovement], StopConditionJsonContext.Default.NullableDoubleArray);

        public void RestoreState(JsonElement state)
        {
            if (state.Deserialize(StopConditionJsonContext.Default.NullableDoubleArray) is [var best, { } last])
            {
                (_best, _lastImprovement) = (best ?? double.NegativeInfinity, (int)last);
            }
        }

        public string? ShouldStop(in StopContext context)
        {
            // The leader's score, not only the best fully evaluated one: under adaptive validation the leader's full
            // evaluation waits for the end of the run, and the search is progressing all the same.
            var score = Math.Max(context.BestScore, context.LeaderScore);
            if (score > _best)
            {
                _best = score;
                _lastImprovement = context.Iteration;
                return null;
            }

            var stalled = context.Iteration - _lastImprovement;
            return stalled >= iterations ? $"The best validation score has not improved for {stalled} iterations." : null;
        }
    }
}
