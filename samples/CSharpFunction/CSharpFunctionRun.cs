using Gepa;
using Microsoft.Extensions.AI;

namespace CSharpFunction;

/// <summary>The sample's run: a single-task optimize-anything search on the C# source, from the naive seed.</summary>
public static class CSharpFunctionRun
{
    /// <summary>The objective given to the reflection model.</summary>
    public const string Objective = "A C# class Primes with public static int Count(int n) returning how many primes are below n: correct on every test first, then as fast as possible.";

    /// <summary>The background given to the reflection model.</summary>
    public const string Background = "The source is compiled alone with Roslyn (Release) against the base class library; File, Process, Environment and reflection are not allowed. Count(1000000) is benchmarked once every test passes.";

    /// <summary>Runs the search.</summary>
    /// <param name="reflectionModel">The model that rewrites the source.</param>
    /// <param name="maxEvaluations">The evaluation budget.</param>
    /// <param name="runDirectory">Where to write every evaluation, or <see langword="null"/>.</param>
    /// <param name="timeout">The wall-clock limit of one evaluation.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result.</returns>
    public static Task<OptimizeAnythingResult> RunAsync(IChatClient reflectionModel, int maxEvaluations, string? runDirectory = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var evaluator = WorkerEvaluator.Create(timeout);
        var options = new OptimizeAnythingOptions
        {
            ReflectionModel = reflectionModel,
            Objective = Objective,
            Background = Background,
            MaxEvaluations = maxEvaluations,
            MaxConcurrency = 1,
            RunDirectory = runDirectory,
        };
        options.Gepa.ReflectionRetryDelay = TimeSpan.Zero;

        // A worker evaluation costs seconds: the parent's evaluation is cached rather than paid again every iteration.
        options.Gepa.CacheEvaluation = true;
        return OptimizeAnything.RunAsync(PrimeTask.Seed, (source, context) => evaluator.EvaluateAsync(Candidate.FromText(OptimizeAnythingConstants.TextComponent, source), context), options, cancellationToken);
    }
}
