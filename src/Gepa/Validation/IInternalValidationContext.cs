using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>What the engine's own validations reach behind <see cref="Strategies.IValidationContext"/>: the adaptive
/// policy's state (racing keeps its record there, in the checkpoint), the logger and the mutable state.</summary>
internal interface IInternalValidationContext
{
    /// <summary>Gets the adaptive policy, or <see langword="null"/> when none of its parts is on.</summary>
    AdaptiveController? Adaptive { get; }

    /// <summary>Gets the run's logger.</summary>
    ILogger Logger { get; }

    /// <summary>Gets the run's state.</summary>
    GepaState RunState { get; }
}
