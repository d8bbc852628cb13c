namespace Gepa;

/// <summary>The seam behind which optimize-anything engines sit: each runs a search against the one
/// <see cref="EvaluationServer"/>, which holds the budget.</summary>
internal interface IAnythingEngine
{
    /// <summary>Runs the search.</summary>
    Task<AnythingEngineOutcome> RunAsync(AnythingRun run, CancellationToken cancellationToken);
}
