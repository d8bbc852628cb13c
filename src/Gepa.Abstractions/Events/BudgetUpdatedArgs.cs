namespace Gepa;

/// <summary>Arguments of the callback raised when metric calls were spent.</summary>
/// <param name="used">The metric calls spent so far.</param>
/// <param name="delta">The metric calls just spent.</param>
/// <param name="max">The budget, when there is one.</param>
public readonly struct BudgetUpdatedArgs(int used, int delta, int? max)
{
    /// <summary>Gets the metric calls spent so far.</summary>
    public int Used { get; } = used;

    /// <summary>Gets the metric calls just spent.</summary>
    public int Delta { get; } = delta;

    /// <summary>Gets the budget, when there is one.</summary>
    public int? Max { get; } = max;
}
