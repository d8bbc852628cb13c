namespace Gepa.Cli.Configuration;

/// <summary>The <c>pipeline</c> section of <c>task: pipeline</c>: a multi-step program declared in YAML.</summary>
internal sealed record PipelineConfig
{
    /// <summary>Gets what runs, in order.</summary>
    public required IReadOnlyList<PipelineOperation> Flow { get; init; }

    /// <summary>Gets the corpus JSONL file (<c>{"title", "text"}</c> lines) retrievals search, if any.</summary>
    public string? Corpus { get; init; }

    /// <summary>Gets the variable holding the program's final output.</summary>
    public string Output { get; init; } = "answer";

    /// <summary>Gets which calls of a step called several times become reflective records.</summary>
    public string CallSelection { get; init; } = "last";

    /// <summary>Gets whether reflection sees the other steps' instructions and the step's inputs (opt-in).</summary>
    public bool PipelineContext { get; init; }

    /// <summary>Gets whether one reflection call rewrites every step at once (<see cref="JointStepProposer{TExample}"/>;
    /// opt-in).</summary>
    public bool JointProposer { get; init; }

    /// <summary>Gets the per-step feedback templates, by step name.</summary>
    public IReadOnlyDictionary<string, string> Feedback { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the dataset field listing the gold passage titles (a JSON array), for retrieval recall.</summary>
    public string? GoldTitlesField { get; init; }

    /// <summary>Gets the dataset field listing the supporting sentences (a JSON array of strings or of
    /// <c>{"title", "sentence"}</c>).</summary>
    public string? SupportingFactsField { get; init; }

    /// <summary>Gets the location of the section, for messages.</summary>
    public SourceLocation? Location { get; init; }
}
