namespace Gepa.Strategies;

/// <summary>The engine's own view, through which built-in strategies reach the mutable state.</summary>
internal interface IInternalStateView
{
    /// <summary>Gets the run's state.</summary>
    GepaState State { get; }
}
