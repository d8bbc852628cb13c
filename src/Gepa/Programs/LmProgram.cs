using System.Diagnostics.CodeAnalysis;

namespace Gepa;

/// <summary>A multi-step LLM program: ordinary async C# that calls named steps, each step one GEPA component.</summary>
/// <typeparam name="TExample">The example type the program runs on.</typeparam>
/// <typeparam name="TOutput">What the program returns.</typeparam>
/// <remarks>
/// <para>Declare steps in the constructor with <see cref="AddStep{TInput, TStepOutput}"/>; declaration order is the seed
/// candidate's component order, which is GEPA's round-robin order. Implement <see cref="RunAsync"/> and pass its
/// <see cref="StepContext"/> to every step call. Optimize with <c>ToAdapter</c>; run the result in production with
/// <see cref="InvokeAsync"/> and the best candidate.</para>
/// </remarks>
public abstract class LmProgram<TExample, TOutput>
{
    private readonly List<ProgramStep> _steps = [];

    /// <summary>Gets the steps, in declaration order.</summary>
    public IReadOnlyList<ProgramStep> Steps => _steps;

    /// <summary>Returns the seed candidate: every step's seed instruction, in declaration order.</summary>
    /// <returns>The candidate.</returns>
    /// <exception cref="InvalidOperationException">The program declares no steps.</exception>
    public Candidate SeedCandidate() => _steps.Count > 0
        ? new Candidate(_steps.Select(s => new KeyValuePair<string, string>(s.Name, s.Instruction)))
        : throw new InvalidOperationException($"{GetType().Name} declares no steps; call AddStep in its constructor.");

    /// <summary>Runs the program once outside optimization, with a candidate's texts (the seed's when <see langword="null"/>).</summary>
    /// <param name="example">The input.</param>
    /// <param name="candidate">The candidate, for example an optimization's best.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The output.</returns>
    public Task<TOutput> InvokeAsync(TExample example, Candidate? candidate = null, CancellationToken cancellationToken = default) =>
        RunAsync(example, new StepContext(candidate), cancellationToken);

    /// <summary>Builds the adapter that lets the GEPA engine optimize this program's steps.</summary>
    /// <param name="metric">Scores a rollout; called once per rollout.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <returns>The adapter.</returns>
    public ProgramAdapter<TExample, TOutput> ToAdapter(ProgramMetric<TExample, TOutput> metric, ProgramAdapterOptions? options = null) =>
        new(this, metric, options);

    /// <summary>Builds the adapter with a synchronous metric.</summary>
    /// <param name="metric">Scores a rollout; called once per rollout.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <returns>The adapter.</returns>
    public ProgramAdapter<TExample, TOutput> ToAdapter(Func<TExample, TOutput, ProgramTrace, MetricContext, ProgramScore> metric, ProgramAdapterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return new(this, (e, o, t, c, _) => ValueTask.FromResult(metric(e, o, t, c)), options);
    }

    /// <summary>Runs the program on one example. Pass <paramref name="context"/> to every step call.</summary>
    /// <param name="example">The example.</param>
    /// <param name="context">The rollout's context: the candidate's texts and the trace.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The output.</returns>
    protected abstract Task<TOutput> RunAsync(TExample example, StepContext context, CancellationToken cancellationToken);

    /// <summary>Runs one rollout for the adapter (the override is protected so users do not call it without a context).</summary>
    internal Task<TOutput> RunRolloutAsync(TExample example, StepContext context, CancellationToken cancellationToken) =>
        RunAsync(example, context, cancellationToken);

    /// <summary>Declares a step; call it from the constructor, in the order the steps should be optimized.</summary>
    /// <typeparam name="TInput">The step's input type.</typeparam>
    /// <typeparam name="TStepOutput">The step's output type (<see cref="string"/> for text).</typeparam>
    /// <param name="name">The component name; unique within the program.</param>
    /// <param name="instruction">The seed instruction.</param>
    /// <param name="render">Renders the input; <see langword="null"/> for the default field layout.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentException">Another step already has that name.</exception>
    [SuppressMessage("Design", "CA1004:Generic methods should provide type parameter", Justification = "The step's types are what the call declares.")]
    protected Step<TInput, TStepOutput> AddStep<TInput, TStepOutput>(string name, string instruction, Func<TInput, string>? render = null) =>
        AddStep(new Step<TInput, TStepOutput>(name, instruction, render));

    /// <summary>Declares a component whose calls are made outside a <see cref="Step{TInput, TOutput}"/> (through
    /// <c>UseGepaTracing()</c> or a framework bridge), so that it is in the seed candidate and gets records.</summary>
    /// <param name="name">The component name, as its calls are recorded.</param>
    /// <param name="instruction">The seed text.</param>
    /// <returns>The component.</returns>
    /// <exception cref="ArgumentException">Another step already has that name.</exception>
    protected ExternalStep AddExternalStep(string name, string instruction) => AddStep(new ExternalStep(name, instruction));

    /// <summary>Declares a step built elsewhere (for example with chat options).</summary>
    /// <typeparam name="TStep">The step type.</typeparam>
    /// <param name="step">The step.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentException">Another step already has that name.</exception>
    protected TStep AddStep<TStep>(TStep step)
        where TStep : ProgramStep
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_steps.Exists(s => s.Name == step.Name))
        {
            throw new ArgumentException($"{GetType().Name} already has a step named '{step.Name}'; step names are component names and must be unique.", nameof(step));
        }

        _steps.Add(step);
        return step;
    }
}
