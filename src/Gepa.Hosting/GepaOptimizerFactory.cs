using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gepa;

/// <summary>Builds optimizers from the host's services: fresh <see cref="GepaOptions"/> bound from configuration and
/// validated for each run, the reflection model registered under <see cref="GepaChatClientKeys.Reflection"/>, and the
/// host's logging. Registered by <c>services.AddGepa(...)</c>.</summary>
/// <param name="services">The host's services.</param>
/// <param name="options">The options factory (a new, validated instance per call).</param>
/// <param name="loggerFactory">The host's logging, if any.</param>
public sealed class GepaOptimizerFactory(IServiceProvider services, IOptionsFactory<GepaOptions> options, ILoggerFactory? loggerFactory = null)
{
    /// <summary>Gets the chat clients registered for each role.</summary>
    /// <returns>The models.</returns>
    /// <exception cref="InvalidOperationException">No reflection model is registered.</exception>
    public GepaModels GetModels() => new(
        services.GetKeyedService<IChatClient>(GepaChatClientKeys.Task),
        services.GetKeyedService<IChatClient>(GepaChatClientKeys.Reflection)
            ?? throw new InvalidOperationException($"No reflection model is registered: add an IChatClient under the key '{GepaChatClientKeys.Reflection}' (GepaChatClientKeys.Reflection), for example services.AddKeyedChatClient(GepaChatClientKeys.Reflection, client)."),
        services.GetKeyedService<IChatClient>(GepaChatClientKeys.Judge));

    /// <summary>Creates the options for one run: bound from configuration, with every configure step applied, validated.
    /// Each call returns a new instance, so callbacks subscribed for one run never see another's events.</summary>
    /// <returns>The options.</returns>
    /// <exception cref="OptionsValidationException">The configured options are invalid.</exception>
    public GepaOptions CreateOptions() => options.Create(Options.DefaultName);

    /// <summary>Creates an optimizer for one run.</summary>
    /// <typeparam name="TExample">The type of one task example.</typeparam>
    /// <param name="adapter">The system being optimized (for example a <see cref="ChatPromptAdapter"/> over <see cref="GepaModels.Task"/>).</param>
    /// <param name="runOptions">The run's options, from <see cref="CreateOptions"/>; <see langword="null"/> creates them.</param>
    /// <returns>The optimizer.</returns>
    public GepaOptimizer<TExample> Create<TExample>(IGepaAdapter<TExample> adapter, GepaOptions? runOptions = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        return new GepaOptimizer<TExample>(adapter, GetModels().Reflection, runOptions ?? CreateOptions(), loggerFactory?.CreateLogger("Gepa"));
    }

    /// <summary>Runs one optimization and streams its events, then the result (see <see cref="GepaRunEvents.StreamAsync"/>).</summary>
    /// <typeparam name="TExample">The type of one task example.</typeparam>
    /// <param name="adapter">The system being optimized.</param>
    /// <param name="seed">The starting candidate.</param>
    /// <param name="trainset">The examples reflection learns from.</param>
    /// <param name="valset">The examples candidates are selected on, or <see langword="null"/> to use the trainset.</param>
    /// <param name="cancellationToken">Stops the run; the result so far is still yielded.</param>
    /// <returns>The run's events, ending with <see cref="GepaRunEventKind.Completed"/>.</returns>
    public IAsyncEnumerable<GepaRunEvent> RunAsync<TExample>(IGepaAdapter<TExample> adapter, Candidate seed, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample>? valset = null, CancellationToken cancellationToken = default)
    {
        var runOptions = CreateOptions();
        var optimizer = Create(adapter, runOptions);
        return GepaRunEvents.StreamAsync(runOptions.Callbacks, ct => optimizer.OptimizeAsync(seed, trainset, valset, ct), cancellationToken: cancellationToken);
    }
}
