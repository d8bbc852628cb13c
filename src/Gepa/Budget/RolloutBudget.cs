namespace Gepa;

/// <summary>The run's rollout budget: what it allows, what is spent, and the one place spending is recorded.</summary>
/// <param name="options">The run settings.</param>
/// <param name="state">The state, whose metric-call count is what is spent.</param>
/// <param name="raise">Notifies the budget callback.</param>
internal sealed class RolloutBudget(GepaOptions options, GepaState state, Func<BudgetUpdatedArgs, ValueTask> raise)
{
    private readonly Lock _gate = new();

    /// <summary>Gets the budget in rollouts (unbounded when none is set).</summary>
    public int Max => options.MaxMetricCalls ?? int.MaxValue;

    /// <summary>Gets the rollouts spent so far.</summary>
    public int Spent => state.TotalMetricCalls;

    /// <summary>Gets the rollouts left.</summary>
    public int Remaining => Max - state.TotalMetricCalls;

    /// <summary>Gets whether the budget is a hard cap.</summary>
    public bool Strict => options.StrictBudget;

    /// <summary>Records rollouts spent on a stage and tells the observers.</summary>
    public async ValueTask SpendAsync(int delta, string stage)
    {
        GepaTelemetry.Rollouts.Add(delta, new KeyValuePair<string, object?>("stage", stage));
        int total;
        lock (_gate)
        {
            // Proposals of one iteration spend concurrently.
            total = state.TotalMetricCalls += delta;
        }

        await raise(new BudgetUpdatedArgs(total, delta, options.MaxMetricCalls));
    }
}
