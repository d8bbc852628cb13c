using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Gepa.Cli.Configuration;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Gepa.Cli.Providers;

/// <summary>Builds the embedding generator of memory and the semantic metric from the <c>embedding-model</c> section:
/// the built-in hashed embedder, or the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of an SDK the tool already
/// carries (OpenAI, Azure OpenAI, OllamaSharp), behind <see cref="CheckedEmbeddingGenerator"/>.</summary>
internal static class EmbeddingGeneratorFactory
{
    /// <summary>Creates the generator.</summary>
    /// <param name="model">The embedding model, or <see langword="null"/> for the hashed embedder.</param>
    /// <param name="environment">Reads the API key's environment variable.</param>
    /// <param name="retryBaseDelay">The first retry's delay (doubling after each).</param>
    /// <returns>The generator; disposing it releases its connections.</returns>
    /// <exception cref="ProviderException">The API key variable is not set, or the provider serves no embeddings.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(ModelConfig? model, Func<string, string?> environment, TimeSpan retryBaseDelay)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Create(model, new ApiKeyResolver(environment), retryBaseDelay);
    }

    /// <summary>Creates the generator.</summary>
    /// <param name="model">The embedding model, or <see langword="null"/> for the built-in hashed embedder's version 1
    /// (<see cref="HashedEmbeddingGenerator"/>), which the semantic metric keeps so that its scores do not change under a
    /// user's runs; memory banks choose the built-in version themselves (<see cref="MemoryBank.OpenWithBuiltInEmbedder"/>).</param>
    /// <param name="keys">Where the API key comes from.</param>
    /// <param name="retryBaseDelay">The first retry's delay (doubling after each).</param>
    /// <returns>The generator; disposing it releases its connections.</returns>
    /// <exception cref="ProviderException">The API key variable is not set, or the provider serves no embeddings.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(ModelConfig? model, ApiKeyResolver keys, TimeSpan retryBaseDelay)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (model is null)
        {
            return new HashedEmbeddingGenerator();
        }

        var key = keys.Resolve(model);
        // The capturing handler lets the retry stage honour the server's Retry-After, which the SDKs' exceptions do not expose.
        var http = new HttpClient(new RetryAfterCapturingHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            return new CheckedEmbeddingGenerator(CreateProvider(model, key, http), model, key, http, retryBaseDelay);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Parses the <c>--embedder</c> option of <c>gepa memory</c>: <c>hashed</c> (the built-in embedder, in the version
    /// the bank was made with; version 2 for a new bank), or <c>provider:model</c>.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="baseUrl">The <c>--embedder-url</c> option's value, or <see langword="null"/>.</param>
    /// <param name="apiKeyEnv">The <c>--embedder-key-env</c> option's value, or <see langword="null"/> for the provider's.</param>
    /// <param name="model">The model, or <see langword="null"/> for the hashed embedder.</param>
    /// <param name="error">Why it cannot be used, or <see langword="null"/>.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParseOption(string text, string? baseUrl, string? apiKeyEnv, out ModelConfig? model, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        model = null;
        error = null;
        var choices = string.Join(", ", ConfigSchema.EmbeddingProviders.Skip(1).Select(p => p + ":MODEL"));
        if (text == "hashed")
        {
            if (baseUrl is not null || apiKeyEnv is not null)
            {
                error = "--embedder hashed is built in and takes no --embedder-url or --embedder-key-env.";
                return false;
            }

            return true;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var provider = colon < 0 ? text : text[..colon];
        var name = colon < 0 ? "" : text[(colon + 1)..];
        if (!ConfigSchema.EmbeddingProviders.Contains(provider, StringComparer.Ordinal) || name.Length == 0)
        {
            error = $"--embedder must be hashed or one of {choices} (for example ollama:nomic-embed-text); it is '{text}'.";
            return false;
        }

        Uri? url = null;
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            error = $"--embedder-url '{baseUrl}' is not an http or https URL.";
            return false;
        }

        if (url is null && provider is "openai-compatible" or "azure-openai")
        {
            error = $"--embedder {provider}:… needs --embedder-url (the server's or resource's endpoint).";
            return false;
        }

        var keyEnv = apiKeyEnv ?? provider switch
        {
            "openai" => "OPENAI_API_KEY",
            "azure-openai" => "AZURE_OPENAI_API_KEY",
            _ => null,
        };
        if (keyEnv is not null && !keyEnv.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            // Never echoed: it may be the key itself.
            error = "--embedder-key-env must be the NAME of an environment variable (letters, digits and underscores), not the key itself.";
            return false;
        }

        model = new ModelConfig
        {
            Role = ConfigSchema.EmbeddingRole,
            Section = "--embedder",
            Provider = provider,
            Model = name,
            BaseUrl = url,
            ApiKeyEnv = keyEnv,
        };
        return true;
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateProvider(ModelConfig model, string? key, HttpClient http)
    {
        // The SDKs' own retries are off and their network timeout is a backstop: CheckedEmbeddingGenerator retries and
        // times out every call once, so each retry is counted and described once.
        var backstop = model.Timeout + TimeSpan.FromSeconds(30);
        switch (model.Provider)
        {
            case "openai":
            case "openai-compatible":
                var openAi = new OpenAIClientOptions
                {
                    Transport = new HttpClientPipelineTransport(http),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = backstop,
                };
                if (model.BaseUrl is not null)
                {
                    openAi.Endpoint = model.BaseUrl;
                }

                // Local servers ignore the key but the SDK wants a non-empty one.
                return new OpenAIClient(new ApiKeyCredential(key ?? "unused"), openAi).GetEmbeddingClient(model.Model).AsIEmbeddingGenerator();
            case "azure-openai":
                var azure = new AzureOpenAIClientOptions
                {
                    Transport = new HttpClientPipelineTransport(http),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = backstop,
                };
                return new AzureOpenAIClient(model.BaseUrl!, new ApiKeyCredential(key ?? "unused"), azure).GetEmbeddingClient(model.Deployment ?? model.Model).AsIEmbeddingGenerator();
            case "ollama":
                http.BaseAddress = model.BaseUrl ?? new Uri("http://localhost:11434");
                return new OllamaApiClient(http, model.Model);
            default:
                throw new ProviderException($"{(model.Location is null ? "" : model.Location + ": ")}{model.Section}.provider: '{model.Provider}' serves no embeddings; one of {string.Join(", ", ConfigSchema.EmbeddingProviders)}.");
        }
    }
}
