namespace Gepa;

/// <summary>Arguments of the callback raised when the run starts, after validation and before the seed is evaluated.</summary>
/// <param name="seedCandidate">The seed candidate.</param>
/// <param name="trainsetSize">The number of training examples.</param>
/// <param name="valsetSize">The number of validation examples.</param>
public readonly struct OptimizationStartArgs(Candidate seedCandidate, int trainsetSize, int valsetSize)
{
    /// <summary>Gets the seed candidate.</summary>
    public Candidate SeedCandidate { get; } = seedCandidate;

    /// <summary>Gets the number of training examples.</summary>
    public int TrainsetSize { get; } = trainsetSize;

    /// <summary>Gets the number of validation examples.</summary>
    public int ValsetSize { get; } = valsetSize;
}
