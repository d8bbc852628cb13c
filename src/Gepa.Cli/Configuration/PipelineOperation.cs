namespace Gepa.Cli.Configuration;

/// <summary>One entry of <c>pipeline.flow</c>: a step call or a retrieval.</summary>
internal sealed record PipelineOperation
{
    /// <summary>Gets the step (component) name, or <see langword="null"/> for a retrieval.</summary>
    public string? Step { get; init; }

    /// <summary>Gets the template: the step's user message, or the retrieval query.</summary>
    public required string Template { get; init; }

    /// <summary>Gets the variable the result goes into.</summary>
    public required string Into { get; init; }

    /// <summary>Gets whether the result is appended to a list variable instead of replacing it.</summary>
    public bool Append { get; init; }

    /// <summary>Gets whether the step replies with JSON <c>{"answer": …}</c> (structured output) instead of text.</summary>
    public bool JsonAnswer { get; init; }

    /// <summary>Gets how many passages a retrieval returns.</summary>
    public int K { get; init; } = 5;

    /// <summary>Gets the key path of the entry (<c>pipeline.flow[2]</c>), for messages.</summary>
    public required string Path { get; init; }

    /// <summary>Gets where the entry is in the configuration file.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Gets whether this entry is a retrieval.</summary>
    public bool IsRetrieval => Step is null;
}
