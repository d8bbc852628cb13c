using System.Globalization;

namespace Gepa.Cli.Running;

/// <summary>Stops the run once the reflection model has cost a set amount (<c>engine.stop.max-reflection-cost</c>), as
/// counted by the usage-accounting stage of the reflection pipeline.</summary>
/// <param name="usage">The run's usage tracker.</param>
/// <param name="max">The cost cap.</param>
internal sealed class ReflectionCostStopCondition(ChatUsageTracker usage, decimal max) : IStopCondition
{
    /// <inheritdoc/>
    public string? ShouldStop(in StopContext context) =>
        usage.CostOf(ChatRoles.Reflection) is { } cost && cost >= max
            ? $"the reflection model has cost {cost.ToString("0.####", CultureInfo.InvariantCulture)}, at or above the cap of {max.ToString(CultureInfo.InvariantCulture)}"
            : null;
}
