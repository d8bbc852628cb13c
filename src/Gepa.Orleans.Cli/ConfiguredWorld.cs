using Gepa.Cli;
using Microsoft.Extensions.AI;

namespace Gepa.Orleans.Cli;

/// <summary>An ordinary <c>gepa</c> configuration served by the cluster: every silo loads the same file (and data) and
/// registers its rollout function and run definition under one name made of the configuration's fingerprint, so a run
/// started for a configuration finds only silos that loaded the same one. Model clients are built from each silo's own
/// environment: API keys never travel.</summary>
internal sealed class ConfiguredWorld : IDisposable
{
    private ConfiguredWorld(GepaConfigRun run) => Run = run;

    public GepaConfigRun Run { get; }

    /// <summary>Gets the name the function and the definition are registered under.</summary>
    public string Name => NameOf(Run);

    public static string NameOf(GepaConfigRun run) => "config-" + run.Fingerprint;

    public static async Task<ConfiguredWorld> LoadAsync(string path, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        try
        {
            return new ConfiguredWorld(await GepaConfigRun.LoadAsync(path, overrides, cancellationToken: cancellationToken));
        }
        catch (GepaConfigException e)
        {
            throw new ClusterUsageException(e.Message);
        }
    }

    /// <summary>The worker's half: the task model (wrapped by <paramref name="wrapProvider"/>, inside its retries) reports
    /// each batch's tokens and cost.</summary>
    public IRolloutFunction RolloutFunction(Func<IChatClient, IChatClient>? wrapProvider, Func<ChatRetryArguments, ValueTask>? onRetry) =>
        Accept(new FunctionVisitor(), new GepaTaskModelHooks
        {
            WrapProvider = c => new RolloutUsageChatClient(wrapProvider is null ? c : wrapProvider(c), Run.TaskModelPrice),
            OnRetry = onRetry,
        });

    /// <summary>The coordinator's half: the GEPA loop of the configuration with its rollouts sent to the workers.</summary>
    public IGepaRunDefinition RunDefinition(ClusterRolloutOptions dispatch) => Accept(new DefinitionVisitor(Name, Run.Seed, dispatch), null);

    /// <summary>The same run on this machine alone, for comparison.</summary>
    public async Task<GepaRunSummary> RunLocallyAsync(CancellationToken cancellationToken) =>
        GepaRunSummary.From(await Accept(new LocalVisitor(Run.Seed, cancellationToken), null));

    public void Dispose() => Run.Dispose();

    private T Accept<T>(IGepaConfigRunVisitor<T> visitor, GepaTaskModelHooks? hooks)
    {
        try
        {
            return Run.Accept(visitor, hooks);
        }
        catch (GepaConfigException e)
        {
            throw new ClusterUsageException(e.Message);
        }
    }

    private sealed class FunctionVisitor : IGepaConfigRunVisitor<IRolloutFunction>
    {
        public IRolloutFunction Visit<TExample>(IReadOnlyList<TExample> trainset, IReadOnlyList<TExample> valset, IGepaAdapter<TExample> adapter, IChatClient reflectionClient, Func<GepaOptions> createOptions) =>
            new AdapterRolloutFunction<TExample>(adapter, trainset, valset);
    }

    private sealed class DefinitionVisitor(string function, Candidate seed, ClusterRolloutOptions dispatch) : IGepaConfigRunVisitor<IGepaRunDefinition>
    {
        public IGepaRunDefinition Visit<TExample>(IReadOnlyList<TExample> trainset, IReadOnlyList<TExample> valset, IGepaAdapter<TExample> adapter, IChatClient reflectionClient, Func<GepaOptions> createOptions) =>
            new GepaRunDefinition<TExample>(function, adapter, reflectionClient, createOptions, seed, trainset, valset, dispatch);
    }

    private sealed class LocalVisitor(Candidate seed, CancellationToken cancellationToken) : IGepaConfigRunVisitor<Task<GepaResult>>
    {
        public Task<GepaResult> Visit<TExample>(IReadOnlyList<TExample> trainset, IReadOnlyList<TExample> valset, IGepaAdapter<TExample> adapter, IChatClient reflectionClient, Func<GepaOptions> createOptions) =>
            new GepaOptimizer<TExample>(adapter, reflectionClient, createOptions()).OptimizeAsync(seed, trainset, valset, cancellationToken);
    }
}
