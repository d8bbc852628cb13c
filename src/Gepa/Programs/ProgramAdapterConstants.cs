namespace Gepa;

/// <summary>Defaults of <see cref="ProgramAdapterOptions"/>.</summary>
public static class ProgramAdapterConstants
{
    /// <summary>The default number of rollouts run at once: 4.</summary>
    public const int DefaultMaxDegreeOfParallelism = 4;

    /// <summary>The default score of a rollout that failed (a reply that did not parse): 0.</summary>
    public const double DefaultFailureScore = 0;

    /// <summary>The reflective-record key of a step call's input fields.</summary>
    public const string InputsKey = "Inputs";

    /// <summary>The reflective-record key of a step call's output (the raw reply when it did not parse).</summary>
    public const string OutputsKey = "Generated Outputs";

    /// <summary>The reflective-record key of the feedback.</summary>
    public const string FeedbackKey = "Feedback";

    /// <summary>The reflective-record key of the read-only pipeline context (opt-in).</summary>
    public const string PipelineKey = "Pipeline";
}
