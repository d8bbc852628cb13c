namespace Gepa.Cli.Configuration;

/// <summary>The <c>memory</c> section: whether and how a run uses the cross-task memory bank.</summary>
internal sealed record MemorySettings
{
    /// <summary>Gets the bank file, or <see langword="null"/> for <c>$GEPA_MEMORY</c>, else <c>~/.gepa/memory.db</c>.</summary>
    public string? Bank { get; init; }

    /// <summary>Gets the embedding model lessons and task profiles are embedded with (the <c>embedding-model</c> section),
    /// or <see langword="null"/> for the built-in hashed embedder.</summary>
    public ModelConfig? Embedding { get; init; }

    /// <summary>Gets this task's id in the bank.</summary>
    public required string TaskId { get; init; }

    /// <summary>Gets what the task asks, or <see langword="null"/> to describe it by its seed texts.</summary>
    public string? Objective { get; init; }

    /// <summary>Gets whether retrieved lessons are shown in the reflection prompt (mode 1).</summary>
    public bool LessonsInReflection { get; init; } = true;

    /// <summary>Gets whether best candidates of similar tasks are tried as starting candidates (mode 2).</summary>
    public bool SimilarTaskCandidates { get; init; } = true;

    /// <summary>Gets whether the seed with retrieved lessons is tried as a starting candidate (mode 3).</summary>
    public bool LessonAugmentedSeed { get; init; } = true;

    /// <summary>Gets whether a finished run is added to the bank.</summary>
    public bool Learn { get; init; } = true;

    /// <summary>Gets whether the reflection model distills lessons after learning.</summary>
    public bool Distill { get; init; }

    /// <summary>Gets whether the lessons in the reflection prompt go through a <see cref="LessonGate"/>.</summary>
    public bool GuardLessons { get; init; } = true;

    /// <summary>Gets whether extra starting candidates race the seed on a minibatch before they are validated.</summary>
    public bool RaceStart { get; init; } = true;

    /// <summary>Gets whether the lessons must pass a <see cref="LessonProbe"/> (the augmented seed strictly above the
    /// seed on a prefix of the validation set) before they are shown to reflection or tried as a start.</summary>
    public bool GuardProbe { get; init; } = true;

    /// <summary>Gets the retrieval options.</summary>
    public required RetrievalOptions Retrieval { get; init; }

    /// <summary>Gets the starting-candidate options.</summary>
    public required StartingCandidateOptions Start { get; init; }
}
