using Gepa;
using Microsoft.Extensions.AI;

namespace RegexForge;

/// <summary>The sample's run: a multi-task optimize-anything search (each category one example) from a naive seed, the
/// held-out strings scored for the seed and the best outside the budget.</summary>
public static class RegexForgeRun
{
    /// <summary>The naive seed: digits only.</summary>
    public const string Seed = @"^\d+$";

    /// <summary>The objective given to the reflection model.</summary>
    public const string Objective = "A .NET regular expression that matches a whole string exactly when it is a valid Semantic Versioning 2.0.0 version (MAJOR.MINOR.PATCH, optional -pre-release, optional +build).";

    /// <summary>The background given to the reflection model.</summary>
    public const string Background = "The pattern is used with Regex.IsMatch on the whole string, so anchor it with ^ and $. Numeric identifiers have no leading zeros; build identifiers may. Prefer a short pattern that RegexOptions.NonBacktracking accepts (no lookarounds or backreferences), and avoid nested quantifiers, which time out.";

    /// <summary>Runs the search.</summary>
    /// <param name="reflectionModel">The reflection model: <see cref="SimulatedRegexProposer"/> offline, or a real one.</param>
    /// <param name="maxEvaluations">The evaluation budget.</param>
    /// <param name="runDirectory">Where to write every evaluation, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result.</returns>
    public static Task<OptimizeAnythingResult> RunAsync(IChatClient reflectionModel, int maxEvaluations, string? runDirectory = null, CancellationToken cancellationToken = default)
    {
        var options = new OptimizeAnythingOptions
        {
            ReflectionModel = reflectionModel,
            Objective = Objective,
            Background = Background,
            MaxEvaluations = maxEvaluations,
            MaxConcurrency = 4,
            RunDirectory = runDirectory,
            ExampleId = x => (x as RegexCategory)?.Name,
        };
        options.Gepa.ReflectionRetryDelay = TimeSpan.Zero;
        return OptimizeAnything.RunAsync(
            Seed,
            (string pattern, RegexCategory category, EvaluationContext context) => ValueTask.FromResult(RegexEvaluator.Evaluate(pattern, category)),
            SemVerData.Categories,
            null,
            options,
            SemVerData.HeldOut,
            cancellationToken);
    }
}
