using System.Text.Json.Nodes;
using Gepa.Simulation;

namespace Gepa.Cli.Configuration;

/// <summary>The validated settings of one model role (<c>task-model</c>, <c>reflection-model</c> or <c>judge-model</c>).</summary>
internal sealed record ModelConfig
{
    /// <summary>Gets the role: <c>task</c>, <c>reflection</c> or <c>judge</c>.</summary>
    public required string Role { get; init; }

    /// <summary>Gets the config section, for messages (<c>task-model</c>).</summary>
    public required string Section { get; init; }

    /// <summary>Gets the provider name.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the model id (for rule-world, <c>rule-world-task</c> or <c>rule-world-reflect</c>).</summary>
    public required string Model { get; init; }

    /// <summary>Gets the endpoint, or <see langword="null"/> for the provider's default.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Gets the Azure deployment name.</summary>
    public string? Deployment { get; init; }

    /// <summary>Gets the name of the environment variable with the API key, or <see langword="null"/> when none is needed.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Gets the sampling temperature.</summary>
    public float? Temperature { get; init; }

    /// <summary>Gets the cap on output tokens.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Gets whether the legacy <c>max_tokens</c> field is also sent.</summary>
    public bool SendMaxTokens { get; init; }

    /// <summary>Gets the reasoning effort word.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>Gets extra JSON body fields.</summary>
    public JsonObject ExtraBody { get; init; } = [];

    /// <summary>Gets the per-call timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets the concurrency limit.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Gets the number of retries.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>Gets the price per million tokens, when configured.</summary>
    public ModelPrice? Price { get; init; }

    /// <summary>Gets the parameters of the simulated world that answers, for the <c>rule-world</c> provider.</summary>
    public RuleWorldOptions? World { get; init; }

    /// <summary>Gets where the section is written, for messages.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>Gets a key identifying provider, endpoint and model: roles with the same key share a concurrency limit
    /// and cached responses.</summary>
    public string ModelKey => $"{Provider}|{BaseUrl?.ToString().TrimEnd('/') ?? "default"}|{Deployment ?? Model}";
}
