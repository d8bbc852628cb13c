using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>What the engine's own triggers reach behind <see cref="Strategies.IMergeContext"/>: the adaptive policy's
/// state (the diversity trigger keeps its record there, in the checkpoint), the logger and the mutable state.</summary>
internal interface IInternalMergeContext
{
    /// <summary>Gets the adaptive policy, or <see langword="null"/> when none of its parts is on.</summary>
    AdaptiveController? Adaptive { get; }

    /// <summary>Gets the run's logger.</summary>
    ILogger Logger { get; }

    /// <summary>Gets the run's state.</summary>
    GepaState RunState { get; }
}
