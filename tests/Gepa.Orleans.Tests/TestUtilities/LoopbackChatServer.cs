using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gepa.Http;

namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>An OpenAI-compatible chat server on 127.0.0.1 (HttpListener, a real socket), answering every
/// <c>…/chat/completions</c> from <see cref="Responder"/>; a reply of <see langword="null"/> is a 429 with
/// <see cref="RetryAfterSeconds"/>. It records when each request arrived and which API key it carried.</summary>
internal sealed class LoopbackChatServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<(DateTimeOffset At, string Model, int Status)> _requests = new();
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);
    private readonly HttpListenerHost _host;

    private LoopbackChatServer(Func<JsonObject, string?> responder)
    {
        Responder = responder;
        _host = new HttpListenerHost("The loopback chat server", 0, null, HandleAsync);
    }

    public Uri BaseUri => _host.BaseAddress;

    public Func<JsonObject, string?> Responder { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    public IReadOnlyList<(DateTimeOffset At, string Model, int Status)> Requests => [.. _requests];

    /// <summary>Gets the bearer keys requests carried.</summary>
    public IReadOnlyCollection<string> Keys => [.. _keys.Keys];

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<LoopbackChatServer> StartAsync(Func<JsonObject, string?> responder)
    {
        var server = new LoopbackChatServer(responder);
        await server._host.StartAsync(CancellationToken.None);
        return server;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            if (context.Request.Headers["Authorization"] is { } auth)
            {
                _keys.TryAdd(auth.Replace("Bearer ", "", StringComparison.Ordinal), 0);
            }

            var model = body["model"]?.GetValue<string>() ?? "";
            var content = Responder(body);
            _requests.Enqueue((DateTimeOffset.UtcNow, model, content is null ? 429 : 200));
            string json;
            if (content is null)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                json = """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""";
            }
            else
            {
                json = new JsonObject
                {
                    ["id"] = "chatcmpl-1",
                    ["object"] = "chat.completion",
                    ["created"] = 0,
                    ["model"] = model,
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                        ["finish_reason"] = "stop",
                    }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 2, ["total_tokens"] = 12 },
                }.ToJsonString();
            }

            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or System.Text.Json.JsonException)
        {
            context.Response.Abort();
        }
    }
}
