namespace Gepa.Strategies;

/// <summary>Reaches the engine's state behind a view, for built-in strategies.</summary>
internal static class StateViews
{
    /// <summary>The state behind an engine view.</summary>
    /// <exception cref="ArgumentException">The view is not the engine's.</exception>
    public static GepaState Unwrap(IGepaStateView view) =>
        (view as IInternalStateView)?.State ?? throw new ArgumentException("Built-in strategies run only on the engine's own state view.", nameof(view));
}
