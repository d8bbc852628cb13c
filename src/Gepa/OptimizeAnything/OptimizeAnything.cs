using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Optimize any text artifact (code, a configuration, a query, a prompt, a policy) scored by any evaluator that
/// returns a score and side information. The mode follows from what is passed, as in the reference:
/// <list type="bullet">
/// <item><b>single-task search</b> (no dataset): the candidate is the solution to one problem;</item>
/// <item><b>multi-task search</b> (a dataset): solve related problems, with cross-transfer between them;</item>
/// <item><b>generalization</b> (a dataset and a valset): build an artifact that transfers to unseen examples.</item>
/// </list>
/// With no seed and an <see cref="OptimizeAnythingOptions.Objective"/>, the reflection model writes the first candidate.</summary>
public static class OptimizeAnything
{
    /// <summary>Single-task search on a text: the evaluator scores the text itself.</summary>
    /// <param name="seed">The starting text, or <see langword="null"/> to have the reflection model write it from the objective.</param>
    /// <param name="evaluator">Scores a text; it may throw (a scored failure) and should honour the context's token.</param>
    /// <param name="options">The run settings.</param>
    /// <param name="cancellationToken">Cancels the run; cancellation propagates.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">An option is invalid; nothing was called.</exception>
    /// <exception cref="SeedGenerationException">Seedless start failed.</exception>
    /// <exception cref="EvaluatorFailureException">The evaluator failed too many times in a row.</exception>
    public static Task<OptimizeAnythingResult> RunAsync(string? seed, Func<string, EvaluationContext, ValueTask<Evaluation>> evaluator, OptimizeAnythingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        return RunCoreAsync(TextSeed(seed), (c, _, ctx) => evaluator(Text(c), ctx), null, null, null, options, cancellationToken);
    }

    /// <summary>Multi-task search (no <paramref name="valset"/>) or generalization (with one) on a text.</summary>
    /// <typeparam name="TExample">The example type.</typeparam>
    /// <param name="seed">The starting text, or <see langword="null"/> to have the reflection model write it from the
    /// objective and the first examples.</param>
    /// <param name="evaluator">Scores a text on an example.</param>
    /// <param name="dataset">The examples reflection learns from.</param>
    /// <param name="valset">The examples candidates are selected on, or <see langword="null"/> to use the dataset.</param>
    /// <param name="options">The run settings.</param>
    /// <param name="testSet">A held-out test set: the seed and the best are scored on it outside the budget; never
    /// served by the evaluation server.</param>
    /// <param name="cancellationToken">Cancels the run; cancellation propagates.</param>
    /// <returns>The result.</returns>
    public static Task<OptimizeAnythingResult> RunAsync<TExample>(string? seed, Func<string, TExample, EvaluationContext, ValueTask<Evaluation>> evaluator, IReadOnlyList<TExample> dataset, IReadOnlyList<TExample>? valset, OptimizeAnythingOptions options, IReadOnlyList<TExample>? testSet = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(dataset);
        return RunCoreAsync(TextSeed(seed), (c, x, ctx) => evaluator(Text(c), (TExample)x!, ctx), Box(dataset), Box(valset), Box(testSet), options, cancellationToken);
    }

    /// <summary>Single-task search on a multi-component candidate (for example a program and its configuration).</summary>
    /// <param name="seed">The starting candidate.</param>
    /// <param name="evaluator">Scores a candidate.</param>
    /// <param name="options">The run settings.</param>
    /// <param name="cancellationToken">Cancels the run; cancellation propagates.</param>
    /// <returns>The result.</returns>
    public static Task<OptimizeAnythingResult> RunCandidateAsync(Candidate seed, Func<Candidate, EvaluationContext, ValueTask<Evaluation>> evaluator, OptimizeAnythingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(evaluator);
        return RunCoreAsync(seed, (c, _, ctx) => evaluator(c, ctx), null, null, null, options, cancellationToken);
    }

    /// <summary>Multi-task search or generalization on a multi-component candidate.</summary>
    /// <typeparam name="TExample">The example type.</typeparam>
    /// <param name="seed">The starting candidate.</param>
    /// <param name="evaluator">Scores a candidate on an example.</param>
    /// <param name="dataset">The examples reflection learns from.</param>
    /// <param name="valset">The examples candidates are selected on, or <see langword="null"/> to use the dataset.</param>
    /// <param name="options">The run settings.</param>
    /// <param name="testSet">A held-out test set scored outside the budget, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run; cancellation propagates.</param>
    /// <returns>The result.</returns>
    public static Task<OptimizeAnythingResult> RunCandidateAsync<TExample>(Candidate seed, Func<Candidate, TExample, EvaluationContext, ValueTask<Evaluation>> evaluator, IReadOnlyList<TExample> dataset, IReadOnlyList<TExample>? valset, OptimizeAnythingOptions options, IReadOnlyList<TExample>? testSet = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(dataset);
        return RunCoreAsync(seed, (c, x, ctx) => evaluator(c, (TExample)x!, ctx), Box(dataset), Box(valset), Box(testSet), options, cancellationToken);
    }

    private static async Task<OptimizeAnythingResult> RunCoreAsync(
        Candidate? seed,
        Func<Candidate, object?, EvaluationContext, ValueTask<Evaluation>> evaluator,
        IReadOnlyList<object?>? dataset,
        IReadOnlyList<object?>? valset,
        IReadOnlyList<object?>? testSet,
        OptimizeAnythingOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptimizeAnythingOptionsValidator.ValidateRun(options, seed is not null);
        if (dataset is { Count: 0 })
        {
            throw new ArgumentException("The dataset is empty; pass null for a single-task search.", nameof(dataset));
        }

        if (valset is { Count: 0 })
        {
            throw new ArgumentException("The valset is empty; pass null to select on the dataset.", nameof(valset));
        }

        if (dataset is null && testSet is not null)
        {
            throw new ArgumentException("A test set needs a dataset: a single-task search has no examples to hold out.", nameof(testSet));
        }

        if (options.Gepa is { StrictBudget: false })
        {
            throw new ArgumentException($"{nameof(OptimizeAnythingOptions)}.{nameof(options.Gepa)}.{nameof(GepaOptions.StrictBudget)} must stay true: the evaluation server refuses any evaluation past the budget.", nameof(options));
        }

        var images = new ReflectionImages();
        var reflection = new ReflectionImageChatClient(options.ReflectionModel!, images);
        IReadOnlyList<AnythingItem> train;
        IReadOnlyList<AnythingItem>? val;
        var single = dataset is null;
        if (single)
        {
            train = [new AnythingItem(OptimizeAnythingConstants.SingleExampleId, null)];
            val = null;
        }
        else
        {
            (train, val) = OptimizeAnythingItems.Of(dataset!, valset, options.ExampleId);
        }

        var generated = seed is null;
        if (seed is null && options.RunDirectory is { } path && GepaRunDirectory.Exists(path) && GepaRunDirectory.ReadState(path) is { Checkpoint.Candidates.Count: > 0 } saved)
        {
            // A resumed seedless run continues from the seed it generated, rather than asking for (and paying for) another.
            seed = saved.Checkpoint.Candidates[0].ToCandidate();
        }

        seed ??= await SeedGenerator.GenerateAsync(reflection, options, dataset, cancellationToken).ConfigureAwait(false);

        using var server = new EvaluationServer(evaluator, [.. train, .. val ?? []], hasDataset: !single, seed, options);
        IAnythingEngine engine = options.Engine == OptimizeAnythingConstants.BestOfNEngine ? new BestOfNAnythingEngine() : new GepaAnythingEngine();
        var outcome = await engine.RunAsync(new AnythingRun(server, seed, train, val, single, options, reflection, images), cancellationToken).ConfigureAwait(false);

        double? seedTest = null, bestTest = null;
        if (testSet is { Count: > 0 })
        {
            var test = testSet.Select((x, i) => new AnythingItem("test_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), x)).ToList();
            seedTest = (await server.EvaluateHeldOutAsync(seed, test, "seed", cancellationToken).ConfigureAwait(false)).Average(e => e.Score);
            bestTest = outcome.Best.Equals(seed)
                ? seedTest
                : (await server.EvaluateHeldOutAsync(outcome.Best, test, "best", cancellationToken).ConfigureAwait(false)).Average(e => e.Score);
        }

        var status = server.Status;
        return new OptimizeAnythingResult
        {
            Engine = options.Engine,
            BestCandidate = outcome.Best,
            BestScore = outcome.BestScore,
            Seed = seed,
            SeedGenerated = generated,
            SeedTestScore = seedTest,
            BestTestScore = bestTest,
            EvaluationsUsed = status.Used,
            MaxEvaluations = status.MaxEvaluations,
            EvaluationFailures = status.Failures,
            StopReason = outcome.StopReason,
            StopMessage = outcome.StopMessage,
            Gepa = outcome.Gepa,
        };
    }

    private static Candidate? TextSeed(string? seed) => seed is null ? null : Candidate.FromText(OptimizeAnythingConstants.TextComponent, seed);

    private static string Text(Candidate c) => c[OptimizeAnythingConstants.TextComponent];

    private static List<object?>? Box<T>(IReadOnlyList<T>? items) => items?.Select(x => (object?)x).ToList();
}
