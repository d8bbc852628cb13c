namespace Gepa;

/// <summary>How a <see cref="ProgramAdapter{TExample, TOutput}"/> runs rollouts and builds reflective records.</summary>
public sealed class ProgramAdapterOptions
{
    /// <summary>Gets or sets how many rollouts of a batch run at once (at least 1).</summary>
    /// <value>The default is <see cref="ProgramAdapterConstants.DefaultMaxDegreeOfParallelism"/>.</value>
    public int MaxDegreeOfParallelism { get; set; } = ProgramAdapterConstants.DefaultMaxDegreeOfParallelism;

    /// <summary>Gets or sets the score of a failed rollout (finite).</summary>
    /// <value>The default is <see cref="ProgramAdapterConstants.DefaultFailureScore"/>.</value>
    public double FailureScore { get; set; } = ProgramAdapterConstants.DefaultFailureScore;

    /// <summary>Gets or sets which calls of a step called several times per rollout become records.</summary>
    /// <value>The default is <see cref="StepCallSelection.Last"/>.</value>
    public StepCallSelection CallSelection { get; set; } = StepCallSelection.Last;

    /// <summary>Gets per-step overrides of <see cref="CallSelection"/>, by step name.</summary>
    public IDictionary<string, StepCallSelection> StepCallSelections { get; } = new Dictionary<string, StepCallSelection>(StringComparer.Ordinal);

    /// <summary>Gets or sets whether an exception from the program's own code (not a model transport failure, not a
    /// parse failure) is scored as a failed rollout, with the error as feedback, instead of failing the evaluation.</summary>
    /// <value>The default is <see langword="false"/>: a bug in the program surfaces.</value>
    public bool ScoreProgramErrors { get; set; }

    /// <summary>Gets or sets whether each component's first record carries a read-only <c>Pipeline</c> entry: where the
    /// step sits in the program, its declared inputs and output, and the other steps' current instructions.</summary>
    /// <value>The default is <see langword="false"/> (the reference's records, unchanged).</value>
    public bool IncludePipelineContext { get; set; }
}
