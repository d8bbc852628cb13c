using System.Diagnostics;
using Microsoft.SemanticKernel;

namespace Gepa.SemanticKernel;

/// <summary>Makes Semantic Kernel prompt functions GEPA components without changing the kernel code: inside a rollout
/// (<see cref="GepaTrace.Current"/>), a function whose component name (<see cref="ComponentName"/>) is in the
/// candidate has its prompt rendered from the candidate's text instead of its own template, and its call is recorded
/// as a step call.</summary>
/// <remarks>
/// <para>Add it with <see cref="GepaKernelExtensions.UseGepa"/>. The candidate's text is a Semantic Kernel prompt
/// template (<c>{{$name}}</c> variables), rendered with the function's arguments; seed each component with the
/// function's own template. Outside a rollout, or for a function the candidate does not name, nothing changes.</para>
/// <para>Errors are not caught: a transport failure reaches the caller (and the program adapter) unchanged.</para>
/// </remarks>
public sealed class GepaKernelFilter : IPromptRenderFilter, IFunctionInvocationFilter
{
    private static readonly AsyncLocal<PendingCall?> s_pending = new();
    private readonly KernelPromptTemplateFactory _templates = new();

    /// <summary>The component name of a function: <c>Plugin-Function</c>, or the function name without a plugin.</summary>
    /// <param name="function">The function.</param>
    /// <returns>The name.</returns>
    public static string ComponentName(KernelFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return string.IsNullOrEmpty(function.PluginName) ? function.Name : $"{function.PluginName}-{function.Name}";
    }

    /// <inheritdoc/>
    public async Task OnPromptRenderAsync(PromptRenderContext context, Func<PromptRenderContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next(context);
        var component = ComponentName(context.Function);
        if (GepaTrace.Current?.Candidate is { } candidate && candidate.TryGetValue(component, out var text))
        {
            var template = _templates.Create(new PromptTemplateConfig(text));
            context.RenderedPrompt = await template.RenderAsync(context.Kernel, context.Arguments, context.CancellationToken);
            if (s_pending.Value is { } pending && pending.Component == component)
            {
                pending.Instruction = text;
            }
        }
    }

    /// <inheritdoc/>
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var component = ComponentName(context.Function);
        if (GepaTrace.Current is not { IsTracing: true } rollout || rollout.Candidate?.ContainsKey(component) != true)
        {
            await next(context);
            return;
        }

        var pending = new PendingCall(component);
        s_pending.Value = pending;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            s_pending.Value = null;
        }

        IReadOnlyList<KeyValuePair<string, string>> inputs = [.. context.Arguments.Select(a => new KeyValuePair<string, string>(a.Key, a.Value?.ToString() ?? string.Empty))];
        rollout.RecordCall(component, pending.Instruction ?? string.Empty, inputs, context.Result.ToString(), elapsed: Stopwatch.GetElapsedTime(started));
    }

    private sealed class PendingCall(string component)
    {
        public string Component { get; } = component;

        public string? Instruction { get; set; }
    }
}
