namespace Gepa;

/// <summary>How memory may change where a run starts: best candidates of similar tasks and a lesson-augmented seed,
/// each tried against the seed on the validation set within a capped share of the rollout budget.</summary>
public sealed class StartingCandidateOptions
{
    /// <summary>Gets or sets whether best candidates of similar tasks are tried as starting candidates.</summary>
    public bool UseSimilarTaskCandidates { get; set; }

    /// <summary>Gets or sets whether the seed with retrieved lessons appended is tried as a starting candidate.</summary>
    public bool UseLessonAugmentedSeed { get; set; }

    /// <summary>Gets or sets the most best candidates of similar tasks tried (0 to 20).</summary>
    public int MaxExtraCandidates { get; set; } = MemoryConstants.MaxExtraCandidates;

    /// <summary>Gets or sets the task-profile similarity below which another task's best candidate is not tried (-1 to 1),
    /// or <see langword="null"/> (the default) for the bank's embedder's floor, <see cref="MemoryBank.DefaultSimilarityFloor"/>.</summary>
    public double? TaskSimilarityFloor { get; set; }

    /// <summary>Gets or sets the largest share of the rollout budget the choice may spend, the seed's own validation
    /// included (0 to 1).</summary>
    public double MaxBudgetShare { get; set; } = MemoryConstants.MaxStartBudgetShare;

    /// <summary>Checks every option and throws naming the one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (MaxExtraCandidates is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxExtraCandidates), MaxExtraCandidates, $"StartingCandidateOptions.MaxExtraCandidates must be 0 to 20; it is {MaxExtraCandidates}.");
        }

        if (TaskSimilarityFloor is < -1 or > 1 || (TaskSimilarityFloor is { } floor && double.IsNaN(floor)))
        {
            throw new ArgumentOutOfRangeException(nameof(TaskSimilarityFloor), TaskSimilarityFloor, $"StartingCandidateOptions.TaskSimilarityFloor must be -1 to 1; it is {TaskSimilarityFloor}.");
        }

        if (MaxBudgetShare is < 0 or > 1 || double.IsNaN(MaxBudgetShare))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBudgetShare), MaxBudgetShare, $"StartingCandidateOptions.MaxBudgetShare must be 0 to 1; it is {MaxBudgetShare}.");
        }
    }
}
