namespace Gepa;

/// <summary>The reference's merge bookkeeping (§2.12): merges become due as reflective proposals are accepted, at most
/// <see cref="GepaOptions.MaxMergeInvocations"/> of them, and one is tried only right after an iteration that found a
/// new program.</summary>
/// <param name="options">The run settings.</param>
internal sealed class MergeSchedule(GepaOptions options) : ICheckpointSlice
{
    /// <summary>Gets the merges due.</summary>
    public int Due { get; private set; }

    /// <summary>Gets the merges tested (accepted, and rejected when those count).</summary>
    public int Tested { get; private set; }

    /// <summary>Gets the merges whose candidate was built and compared with its parents.</summary>
    public int Attempted { get; set; }

    /// <summary>Gets or sets whether the last iteration found a new program.</summary>
    public bool LastIterationFoundNewProgram { get; set; }

    /// <summary>Gets whether the reference's schedule calls for a merge now.</summary>
    public bool IsDue => options.UseMerge && Due > 0 && LastIterationFoundNewProgram
        && (!options.CountRejectedMerges || Tested < options.MaxMergeInvocations);

    /// <summary>Records an accepted reflective proposal: one more merge may become due.</summary>
    public void OnMutationAccepted()
    {
        if (options.UseMerge)
        {
            LastIterationFoundNewProgram = true;
            if (Tested < options.MaxMergeInvocations)
            {
                Due++;
            }
        }
    }

    /// <summary>Records an accepted merge.</summary>
    public void OnMergeAccepted()
    {
        Due = Math.Max(0, Due - 1); // never below 0 when the diversity trigger, not the schedule, merged
        Tested++;
    }

    /// <summary>Records a rejected merge, which counts only when the run counts rejected merges.</summary>
    public void OnMergeRejected()
    {
        if (options.CountRejectedMerges)
        {
            Due = Math.Max(0, Due - 1);
            Tested++;
        }
    }

    /// <inheritdoc/>
    public void SaveTo(GepaCheckpoint checkpoint)
    {
        checkpoint.Counters["mergesDue"] = Due;
        checkpoint.Counters["mergesTested"] = Tested;
        checkpoint.Counters["mergesAttempted"] = Attempted;
        checkpoint.LastIterationFoundNewProgram = LastIterationFoundNewProgram;
    }

    /// <inheritdoc/>
    public void RestoreFrom(GepaCheckpoint checkpoint)
    {
        Due = (int)checkpoint.Counters.GetValueOrDefault("mergesDue");
        Tested = (int)checkpoint.Counters.GetValueOrDefault("mergesTested");
        Attempted = (int)checkpoint.Counters.GetValueOrDefault("mergesAttempted");
        LastIterationFoundNewProgram = checkpoint.LastIterationFoundNewProgram;
    }
}
