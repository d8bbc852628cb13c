namespace Gepa;

/// <summary>The ambient rollout context, for code a <see cref="StepContext"/> cannot be threaded through (a Semantic
/// Kernel function, an agent framework's agent): the <see cref="ProgramAdapter{TExample, TOutput}"/> sets it around each
/// rollout, <see cref="GepaTracingChatClient"/> records into it, and <see cref="Prompt"/> reads the candidate's texts.</summary>
/// <remarks>It is an <see cref="AsyncLocal{T}"/>: it flows into awaited calls and child tasks, not back out of them, and
/// not through code that suppresses the execution context. Prefer the explicit context where you can.</remarks>
public static class GepaTrace
{
    private static readonly AsyncLocal<StepContext?> s_context = new();
    private static readonly AsyncLocal<string?> s_step = new();

    /// <summary>Gets the current rollout's context, or <see langword="null"/> outside a rollout.</summary>
    public static StepContext? Current => s_context.Value;

    /// <summary>Gets the step named by the innermost <see cref="BeginStep"/> scope, or <see langword="null"/>.</summary>
    public static string? CurrentStep => s_step.Value;

    /// <summary>Makes <paramref name="context"/> the ambient context until the returned scope is disposed.</summary>
    /// <param name="context">The rollout's context.</param>
    /// <returns>The scope; disposing it restores the previous context.</returns>
    public static IDisposable Use(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = s_context.Value;
        s_context.Value = context;
        return new Scope(() => s_context.Value = previous);
    }

    /// <summary>Attributes the chat calls made inside the scope to a step, for <see cref="GepaTracingChatClient"/>.</summary>
    /// <param name="step">The step (component) name.</param>
    /// <returns>The scope; disposing it restores the previous step.</returns>
    public static IDisposable BeginStep(string step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        var previous = s_step.Value;
        s_step.Value = step;
        return new Scope(() => s_step.Value = previous);
    }

    /// <summary>Returns the current candidate's text for a step, or <paramref name="fallback"/> outside a rollout or
    /// when the candidate has none.</summary>
    /// <param name="step">The step name.</param>
    /// <param name="fallback">The seed instruction.</param>
    /// <returns>The instruction to use.</returns>
    public static string Prompt(string step, string fallback) => Current?.Prompt(step, fallback) ?? fallback;

    private sealed class Scope(Action restore) : IDisposable
    {
        private Action? _restore = restore;

        public void Dispose() => Interlocked.Exchange(ref _restore, null)?.Invoke();
    }
}
