using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gepa.Cli.Tests.Loopback;

/// <summary>A fake LLM server on 127.0.0.1 and a free port, speaking three wire shapes: OpenAI chat completions
/// (<c>…/chat/completions</c>, including Azure's deployment routes), Anthropic <c>/v1/messages</c> and Ollama
/// <c>/api/chat</c>. It records every request and answers from a script, so tests can inject 429 with Retry-After, 5xx,
/// slow replies, truncated replies and malformed JSON.</summary>
public sealed class LoopbackLlmServer : IAsyncDisposable
{
    private static readonly string[] SecretHeaders = ["authorization", "api-key", "x-api-key"];
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;

    private LoopbackLlmServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Answers requests when the script is empty; the default echoes "ok".</summary>
    public Func<RecordedRequest, FakeReply> Responder { get; set; } = _ => FakeReply.Ok("ok");

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<LoopbackLlmServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackLlmServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var r in replies)
        {
            _script.Enqueue(r);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(ctx.RequestAborted);
            var headers = ctx.Request.Headers.ToDictionary(
                h => h.Key.ToLowerInvariant(),
                h => SecretHeaders.Contains(h.Key.ToLowerInvariant()) ? "***" : h.Value.ToString());
            var request = new RecordedRequest(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, headers, body);
            _requests.Enqueue(request);
            var reply = _script.TryDequeue(out var scripted) ? scripted : Responder(request);
            if (reply.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(reply.Delay, ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (reply.Status != 200)
            {
                ctx.Response.StatusCode = reply.Status;
                if (reply.RetryAfter is not null)
                {
                    ctx.Response.Headers.RetryAfter = reply.RetryAfter;
                }

                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(reply.ErrorBody ?? "{\"error\":{\"message\":\"injected " + reply.Status + "\",\"type\":\"error\"}}", ctx.RequestAborted);
                return;
            }

            ctx.Response.ContentType = "application/json";
            if (reply.Malformed)
            {
                await ctx.Response.WriteAsync("""{"id":"x","choices":[{"message":{"role":"assistant","content":"cut""", ctx.RequestAborted);
                return;
            }

            var path = ctx.Request.Path.Value ?? "";
            var json = JsonNode.Parse(body.Length == 0 ? "{}" : body)!.AsObject();
            if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
            {
                await ctx.Response.WriteAsync(OpenAiReply(json, reply), ctx.RequestAborted);
            }
            else if (path.EndsWith("/v1/messages", StringComparison.Ordinal))
            {
                await ctx.Response.WriteAsync(AnthropicReply(json, reply), ctx.RequestAborted);
            }
            else if (path.EndsWith("/embeddings", StringComparison.Ordinal))
            {
                await ctx.Response.WriteAsync(OpenAiEmbeddings(json), ctx.RequestAborted);
            }
            else if (path.EndsWith("/api/embed", StringComparison.Ordinal))
            {
                await ctx.Response.WriteAsync(OllamaEmbeddings(json), ctx.RequestAborted);
            }
            else if (path.EndsWith("/api/chat", StringComparison.Ordinal))
            {
                var stream = json["stream"]?.GetValue<bool>() ?? true;
                ctx.Response.ContentType = stream ? "application/x-ndjson" : "application/json";
                await ctx.Response.WriteAsync(OllamaReply(json, reply, stream), ctx.RequestAborted);
            }
            else
            {
                ctx.Response.StatusCode = 404;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The vector length of the fake embedding model.</summary>
    public const int EmbeddingDimensions = 32;

    /// <summary>The fake embedding model: a deterministic bag of hashed words, so texts that share words are close.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The unit vector.</returns>
    public static float[] FakeEmbedding(string text)
    {
        var v = new float[EmbeddingDimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', '\n', '.', ',', ':', ';', '!', '?', '-', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            var h = 17u;
            foreach (var c in word)
            {
                h = unchecked((h * 31) + c);
            }

            v[h % EmbeddingDimensions] += (h & 0x100) == 0 ? 1 : -1;
        }

        var norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return norm == 0 ? v.Select((_, i) => i == 0 ? 1f : 0f).ToArray() : v.Select(x => (float)(x / norm)).ToArray();
    }

    private static IEnumerable<string> Inputs(JsonNode? input) => input switch
    {
        JsonArray a => a.Select(x => x!.GetValue<string>()),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    private static string OpenAiEmbeddings(JsonObject request) => JsonSerializer.Serialize(new
    {
        @object = "list",
        data = Inputs(request["input"]).Select((t, i) => new { @object = "embedding", index = i, embedding = FakeEmbedding(t) }).ToArray(),
        model = request["model"]?.GetValue<string>() ?? "unknown",
        usage = new { prompt_tokens = 1, total_tokens = 1 },
    });

    private static string OllamaEmbeddings(JsonObject request) => JsonSerializer.Serialize(new
    {
        model = request["model"]?.GetValue<string>() ?? "unknown",
        embeddings = Inputs(request["input"]).Select(FakeEmbedding).ToArray(),
    });

    private static string OpenAiReply(JsonObject request, FakeReply reply) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-loopback",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = request["model"]?.GetValue<string>() ?? "unknown",
        choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Text }, finish_reason = reply.FinishReason } },
        usage = new { prompt_tokens = reply.PromptTokens, completion_tokens = reply.CompletionTokens, total_tokens = reply.PromptTokens + reply.CompletionTokens },
    });

    private static string AnthropicReply(JsonObject request, FakeReply reply) => JsonSerializer.Serialize(new
    {
        id = "msg_loopback",
        type = "message",
        role = "assistant",
        model = request["model"]?.GetValue<string>() ?? "unknown",
        content = new[] { new { type = "text", text = reply.Text } },
        stop_reason = reply.FinishReason == "length" ? "max_tokens" : "end_turn",
        stop_sequence = (string?)null,
        usage = new { input_tokens = reply.PromptTokens, output_tokens = reply.CompletionTokens },
    });

    private static string OllamaReply(JsonObject request, FakeReply reply, bool stream)
    {
        var model = request["model"]?.GetValue<string>() ?? "unknown";
        var done = JsonSerializer.Serialize(new
        {
            model,
            created_at = "2026-11-25T00:00:00Z",
            message = new { role = "assistant", content = stream ? "" : reply.Text },
            done = true,
            done_reason = reply.FinishReason == "length" ? "length" : "stop",
            prompt_eval_count = reply.PromptTokens,
            eval_count = reply.CompletionTokens,
        });
        if (!stream)
        {
            return done;
        }

        var chunk = JsonSerializer.Serialize(new { model, created_at = "2026-11-25T00:00:00Z", message = new { role = "assistant", content = reply.Text }, done = false });
        return chunk + "\n" + done + "\n";
    }
}
