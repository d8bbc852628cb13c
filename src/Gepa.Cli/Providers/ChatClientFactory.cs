using System.ClientModel;
using System.Collections.Concurrent;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Azure.AI.OpenAI;
using Gepa.Cli.Configuration;
using Gepa.Simulation;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using OpenAI.Chat;

namespace Gepa.Cli.Providers;

/// <summary>Builds the <see cref="IChatClient"/> of a model role from its configuration: the vendor SDK's client, wrapped
/// in the Gepa middleware stages.</summary>
/// <remarks>
/// Stage order, outside in: options defaults (so the cache key sees them), response cache, usage accounting, retry,
/// concurrency limit, timeout, provider. The vendor SDKs' own retries are turned off so that every retry is made, and
/// counted, once, by the retry stage.
/// </remarks>
internal sealed class ChatClientFactory
{
    private readonly ChatRuntime _runtime;
    private readonly ApiKeyResolver _keys;
    private static readonly Lazy<MultiHopSimulation> s_multiHop = new(() => new MultiHopSimulation(new FictionWiki()));
    private readonly ConcurrentDictionary<string, RuleWorld> _worlds = new(StringComparer.Ordinal);

    /// <summary>Initializes a factory.</summary>
    /// <param name="runtime">The services the pipelines share.</param>
    /// <param name="keys">Where API keys come from.</param>
    public ChatClientFactory(ChatRuntime runtime, ApiKeyResolver keys)
    {
        _runtime = runtime;
        _keys = keys;
    }

    /// <summary>Checks, without creating anything, that <paramref name="model"/> can be built: its API key is set and its
    /// provider is available.</summary>
    /// <param name="model">The model settings.</param>
    /// <exception cref="ProviderException">It cannot be built.</exception>
    public void Check(ModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _ = _keys.Resolve(model);
    }

    /// <summary>Creates the full pipeline of a model role.</summary>
    /// <param name="model">The model settings.</param>
    /// <param name="wrapProvider">Wraps the provider's client inside the retry stage (a cluster-wide rate limit), or
    /// <see langword="null"/>.</param>
    /// <param name="onRetry">Called before each retry, or <see langword="null"/>.</param>
    /// <returns>The client; dispose it with the runtime.</returns>
    /// <exception cref="ProviderException">The API key is missing or the provider is unavailable.</exception>
    public IChatClient Create(ModelConfig model, Func<IChatClient, IChatClient>? wrapProvider = null, Func<ChatRetryArguments, ValueTask>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var provider = CreateProviderClient(model);
        if (wrapProvider is not null)
        {
            provider = wrapProvider(provider);
        }

        var builder = new ChatClientBuilder(provider).ConfigureOptions(o => ApplyDefaults(model, o));
        if (_runtime.RecordTelemetry)
        {
            // Outermost: one gen_ai span per logical call, covering the cache, retries and waiting for a slot.
            builder.UseOpenTelemetry(sourceName: Telemetry.CliTelemetry.ChatSourceName);
        }

        if (_runtime.ResponseCacheDirectory is { } cache && !IsInProcessSimulation(model.Provider))
        {
            builder.UseDiskResponseCache(cache, CacheIdentity(model), _runtime.ContainsSecret);
        }

        builder.UseUsageAccounting(_runtime.Usage, model.Role, model.Price);
        if (IsInProcessSimulation(model.Provider))
        {
            // An in-process simulation answers synchronously, never fails transiently, is never rate-limited and cannot
            // hang: retries, the concurrency limit and the timeout could never act, so they are left out rather than paid
            // for on every call (they were most of the tool's overhead per rollout in RuleWorld).
            return builder.Build();
        }

        builder.UseGepaRetry(new GepaRetryOptions
            {
                MaxRetries = model.Retries,
                BaseDelay = _runtime.RetryBaseDelay,
                MaxDelay = _runtime.RetryBaseDelay * ChatRuntime.RetryDelayCapFactor,
                MaxRetryAfter = _runtime.MaxRetryAfter,
                TimeProvider = _runtime.TimeProvider,
                OnRetry = onRetry,
            })
            .UseConcurrencyLimit(_runtime.Limits, model.ModelKey, model.MaxConcurrency)
            .UseGepaTimeout(model.Timeout, _runtime.TimeProvider);
        return builder.Build();
    }

    /// <summary>Creates the embedding generator of the <c>embedding-model</c> section, with this factory's key source.</summary>
    /// <param name="model">The embedding model, or <see langword="null"/> for the hashed embedder.</param>
    /// <returns>The generator; dispose it with the run's clients.</returns>
    /// <exception cref="ProviderException">The API key is missing or the provider serves no embeddings.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ModelConfig? model) =>
        EmbeddingGeneratorFactory.Create(model, _keys, _runtime.RetryBaseDelay);

    /// <summary>Whether a provider is a simulation that runs inside the process (RuleWorld, the multi-hop world), as opposed
    /// to a model reached over the network (which the simulated worlds also are when served by <c>gepa sim-serve</c>).</summary>
    /// <param name="provider">The provider name.</param>
    /// <returns>Whether it is.</returns>
    internal static bool IsInProcessSimulation(string provider) => provider is "rule-world" or "multihop-sim";

    /// <summary>Creates the vendor SDK's client alone, without middleware.</summary>
    /// <param name="model">The model settings.</param>
    /// <returns>The client.</returns>
    public IChatClient CreateProviderClient(ModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var key = _keys.Resolve(model);

        // The SDKs' network timeouts are a backstop only: the timeout stage fires first and its attempt is retried.
        var backstop = model.Timeout + TimeSpan.FromSeconds(30);
        switch (model.Provider)
        {
            case "openai":
            case "openai-compatible":
                var openAi = new OpenAIClientOptions
                {
                    Transport = new HttpClientPipelineTransport(_runtime.HttpClient),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = backstop,
                };
                if (model.BaseUrl is not null)
                {
                    openAi.Endpoint = model.BaseUrl;
                }

                // Local servers ignore the key but the SDK wants a non-empty one.
                return new OpenAIClient(new ApiKeyCredential(key ?? "unused"), openAi).GetChatClient(model.Model).AsIChatClient();
            case "azure-openai":
                var azure = new AzureOpenAIClientOptions
                {
                    Transport = new HttpClientPipelineTransport(_runtime.HttpClient),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = backstop,
                };
                return new AzureOpenAIClient(model.BaseUrl!, new ApiKeyCredential(key ?? "unused"), azure).GetChatClient(model.Deployment ?? model.Model).AsIChatClient();
            case "anthropic":
                var anthropic = new AnthropicClient(new Anthropic.Core.ClientOptions
                {
                    ApiKey = key ?? "unused",
                    BaseUrl = model.BaseUrl?.ToString().TrimEnd('/') ?? "https://api.anthropic.com",
                    HttpClient = _runtime.HttpClient,
                    MaxRetries = 0,
                    Timeout = backstop,
                });

                // The Messages API requires max_tokens; 4096 is enough for a rewritten prompt.
                return anthropic.AsIChatClient(model.Model, model.MaxOutputTokens ?? 4096);
            case "ollama":
                return new OllamaApiClient(_runtime.CreateHttpClient(model.BaseUrl ?? new Uri("http://localhost:11434")), model.Model);
            case "rule-world":
                // In process and deterministic: the simulated model of the role, over the run's one world.
                var world = _worlds.GetOrAdd(model.World?.ToString() ?? "", _ => new RuleWorld(model.World ?? new RuleWorldOptions()));
                return model.Model == RuleWorldConstants.ReflectionModelId
                    ? new RuleWorldReflectionChatClient(world)
                    : new RuleWorldTaskChatClient(world);
            case "multihop-sim":
                // In process and deterministic: the simulated multi-hop model of the role, over the default fictional wiki.
                var simulation = s_multiHop.Value;
                return model.Model == MultiHopSimulationConstants.ReflectionModelId
                    ? MultiHopChatClient.Reflection(simulation)
                    : MultiHopChatClient.Task(simulation);
            default:
                throw new ProviderException($"{model.Location}: {model.Section}.provider: unknown provider '{model.Provider}'.");
        }
    }

    /// <summary>Identifies what can change a model's answer beyond the messages and the options: the cache salt.</summary>
    /// <param name="model">The model settings.</param>
    /// <returns>The identity.</returns>
    internal static string CacheIdentity(ModelConfig model) =>
        $"{model.ModelKey}|extra={model.ExtraBody.ToJsonString()}|max_tokens={model.SendMaxTokens}";

    private static void ApplyDefaults(ModelConfig model, ChatOptions options)
    {
        options.Temperature ??= model.Temperature;
        options.MaxOutputTokens ??= model.MaxOutputTokens;
        if (model.ReasoningEffort is { } effort && options.Reasoning is null)
        {
            options.Reasoning = new ReasoningOptions
            {
                Effort = effort switch
                {
                    "none" => ReasoningEffort.None,
                    "low" => ReasoningEffort.Low,
                    "medium" => ReasoningEffort.Medium,
                    "high" => ReasoningEffort.High,
                    _ => ReasoningEffort.ExtraHigh,
                },
            };
        }

        if (model.Provider == "ollama")
        {
            // OllamaSharp maps additional properties with Ollama option names (num_ctx, top_k…) onto the request.
            foreach (var (name, value) in model.ExtraBody)
            {
                options.AdditionalProperties ??= [];
                options.AdditionalProperties[name] = ToClr(value);
            }

            return;
        }

        if (model.Provider is "openai" or "openai-compatible" or "azure-openai" && (model.ExtraBody.Count > 0 || (model.SendMaxTokens && options.MaxOutputTokens is not null)))
        {
            var extra = model.ExtraBody;
            var maxTokens = model.SendMaxTokens ? options.MaxOutputTokens : null;
            var previous = options.RawRepresentationFactory;
            options.RawRepresentationFactory = client =>
            {
                var raw = previous?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
                Patch(raw, extra, maxTokens);
                return raw;
            };
        }
    }

#pragma warning disable SCME0001 // JsonPatch is experimental; it is the only way to put fields the SDK has no property for on the wire.
    private static void Patch(ChatCompletionOptions raw, JsonObject extra, int? maxTokens)
    {
        foreach (var (name, value) in extra)
        {
            raw.Patch.Set(Encoding.UTF8.GetBytes(JsonPathOf(name)), BinaryData.FromString(value?.ToJsonString() ?? "null"));
        }

        if (maxTokens is { } m)
        {
            raw.Patch.Set("$.max_tokens"u8, m);
        }
    }
#pragma warning restore SCME0001

    private static string JsonPathOf(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? "$." + name : "$['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static object? ToClr(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var element = JsonSerializer.Deserialize<JsonElement>(node.ToJsonString());
        return element.ValueKind switch
        {
            JsonValueKind.Number when element.TryGetInt64(out var l) => l,
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => element.GetString(),
            _ => element,
        };
    }
}
