namespace Gepa;

/// <summary>The run's counters of proposals, reflection calls and failures; they are part of the checkpoint.</summary>
internal sealed class RunCounters : ICheckpointSlice
{
    /// <summary>Gets or sets the number of children evaluated on a minibatch.</summary>
    public int ProposalsTried { get; set; }

    /// <summary>Gets or sets the number of children accepted.</summary>
    public int ProposalsAccepted { get; set; }

    /// <summary>Gets or sets the number of proposals whose reflection failed.</summary>
    public int FailedProposals { get; set; }

    /// <summary>Gets or sets the number of reflection model calls.</summary>
    public int ReflectionCalls { get; set; }

    /// <summary>Gets or sets the reflection model's input tokens.</summary>
    public long ReflectionInputTokens { get; set; }

    /// <summary>Gets or sets the reflection model's output tokens.</summary>
    public long ReflectionOutputTokens { get; set; }

    /// <summary>Gets or sets the number of iterations in a row that failed to produce a proposal.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>Gets or sets the number of iterations in a row that spent nothing and added nothing.</summary>
    public int IdleIterations { get; set; }

    /// <summary>Gets why the current streak of failed iterations failed.</summary>
    public List<string> FailureCauses { get; } = [];

    /// <summary>Counts reflection calls and tokens; proposals of one iteration reflect concurrently.</summary>
    public void AddReflection(int calls, long inputTokens, long outputTokens)
    {
        lock (FailureCauses)
        {
            ReflectionCalls += calls;
            ReflectionInputTokens += inputTokens;
            ReflectionOutputTokens += outputTokens;
        }
    }

    /// <summary>Writes the counters to a checkpoint, in the checkpoint's order.</summary>
    public void SaveTo(GepaCheckpoint checkpoint)
    {
        checkpoint.Counters["proposalsTried"] = ProposalsTried;
        checkpoint.Counters["proposalsAccepted"] = ProposalsAccepted;
        checkpoint.Counters["failedProposals"] = FailedProposals;
        checkpoint.Counters["reflectionCalls"] = ReflectionCalls;
        checkpoint.Counters["reflectionInputTokens"] = ReflectionInputTokens;
        checkpoint.Counters["reflectionOutputTokens"] = ReflectionOutputTokens;
        checkpoint.Counters["consecutiveFailures"] = ConsecutiveFailures;
        checkpoint.Counters["idleIterations"] = IdleIterations;
        checkpoint.FailureCauses = [.. FailureCauses];
    }

    /// <summary>Reads the counters back from a checkpoint.</summary>
    public void RestoreFrom(GepaCheckpoint checkpoint)
    {
        int Count(string name) => (int)checkpoint.Counters.GetValueOrDefault(name);
        ProposalsTried = Count("proposalsTried");
        ProposalsAccepted = Count("proposalsAccepted");
        FailedProposals = Count("failedProposals");
        ReflectionCalls = Count("reflectionCalls");
        ReflectionInputTokens = checkpoint.Counters.GetValueOrDefault("reflectionInputTokens");
        ReflectionOutputTokens = checkpoint.Counters.GetValueOrDefault("reflectionOutputTokens");
        ConsecutiveFailures = Count("consecutiveFailures");
        IdleIterations = Count("idleIterations");
        FailureCauses.AddRange(checkpoint.FailureCauses);
    }
}
