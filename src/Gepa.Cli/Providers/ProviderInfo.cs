namespace Gepa.Cli.Providers;

/// <summary>What <c>gepa providers</c> prints about one provider.</summary>
/// <param name="Name">The provider name used in configs.</param>
/// <param name="Description">What it talks to.</param>
/// <param name="Required">The keys it needs.</param>
/// <param name="DefaultKeyEnv">The default environment variable for the API key, or <c>-</c> when none is needed.</param>
/// <param name="Example">A minimal config section.</param>
internal sealed record ProviderInfo(string Name, string Description, string Required, string DefaultKeyEnv, string Example)
{
    /// <summary>Gets every provider, in the order they are listed.</summary>
    public static IReadOnlyList<ProviderInfo> All { get; } =
    [
        new("openai", "OpenAI Chat Completions (api.openai.com).", "model", "OPENAI_API_KEY", "provider: openai\nmodel: gpt-4.1-mini"),
        new("openai-compatible", "Any OpenAI-compatible server: Ollama (/v1), vLLM, llama.cpp server, LM Studio, a proxy.", "model, base-url", "- (set api-key-env if the server wants a key)", "provider: openai-compatible\nbase-url: http://localhost:11434/v1\nmodel: qwen2.5:7b"),
        new("azure-openai", "Azure OpenAI: a resource endpoint and a deployment.", "base-url, deployment (or model)", "AZURE_OPENAI_API_KEY", "provider: azure-openai\nbase-url: https://my-resource.openai.azure.com\ndeployment: my-gpt-4o-mini"),
        new("anthropic", "Anthropic Messages API (official SDK).", "model", "ANTHROPIC_API_KEY", "provider: anthropic\nmodel: claude-sonnet-4-5"),
        new("ollama", "Ollama's native API (/api/chat); extra-body fields become Ollama options (num_ctx, top_k…).", "model (base-url defaults to http://localhost:11434)", "-", "provider: ollama\nmodel: llama3.2"),
        new("rule-world", "RuleWorld, a deterministic SIMULATED task and reflection model for offline demos, tests and benchmarks; no network. Its parameters come from the top-level 'world' section; 'task: rule-world' makes the world the task; 'gepa sim serve' serves it over HTTP.", "nothing (model: rule-world-task or rule-world-reflect, by default the one of the role)", "-", "provider: rule-world"),
        new("multihop-sim", "The SIMULATED multi-hop task and reflection models of the fictional wiki in samples/multihop (deterministic, offline; src/Gepa.Simulation/MultiHop/README.md); for task: pipeline demos and tests.", "nothing (model: multihop-task-sim or multihop-reflect-sim, by default the one of the role)", "-", "provider: multihop-sim"),
    ];
}
