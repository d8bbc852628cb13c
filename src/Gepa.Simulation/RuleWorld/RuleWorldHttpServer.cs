using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

using Gepa.Http;

namespace Gepa.Simulation;

/// <summary>An OpenAI-compatible HTTP server for the <em>simulated</em> RuleWorld models, listening on loopback unless
/// told otherwise.</summary>
/// <remarks>
/// <para>Serves <c>POST /v1/chat/completions</c> (model <c>rule-world-task</c> or <c>rule-world-reflect</c>; with
/// <c>"stream": true</c> the reply comes as server-sent events ending in <c>data: [DONE]</c>),
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>. Errors use OpenAI's error shape: an unknown model is 404,
/// a malformed body 400. Any API key is accepted: nothing here is a real model.</para>
/// <para>Messages with role <c>system</c> or <c>developer</c> are instructions; a content given as an array of parts
/// contributes its text parts. Requests are handled concurrently; built on <see cref="HttpListener"/> so that the
/// library needs no web framework.</para>
/// </remarks>
public sealed class RuleWorldHttpServer : IAsyncDisposable
{
    /// <summary>The largest request body accepted, in bytes.</summary>
    public const int MaxRequestBytes = 16 * 1024 * 1024;

    private readonly HttpListenerHost _listener;
    private readonly TimeProvider _timeProvider;
    private readonly RuleWorldTaskChatClient _taskModel;
    private readonly RuleWorldReflectionChatClient _reflectionModel;
    private long _requestCount;

    /// <summary>Initializes a server; it listens once <see cref="StartAsync"/> is called.</summary>
    /// <param name="world">The simulated world that answers; its parameters are the server's settings.</param>
    /// <param name="port">The TCP port, or 0 to pick a free one (see <see cref="BaseAddress"/>).</param>
    /// <param name="timeProvider">The clock for the <c>created</c> field; the system clock by default.</param>
    /// <param name="host">The address to listen on: <see langword="null"/> for loopback (127.0.0.1), an IP address or
    /// host name, or <c>*</c> (also <c>0.0.0.0</c> or <c>+</c>) for every interface. Anything but loopback exposes the
    /// server to the network; it has no authentication.</param>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty or contains a character a URL host cannot.</exception>
    public RuleWorldHttpServer(RuleWorld world, int port = 0, TimeProvider? timeProvider = null, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        World = world;
        _listener = new HttpListenerHost("The RuleWorld server", port, host, HandleAsync);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _taskModel = new RuleWorldTaskChatClient(world);
        _reflectionModel = new RuleWorldReflectionChatClient(world);
    }

    /// <summary>Gets or sets a delay added to every chat completion before it is answered, to simulate a remote
    /// model's latency (benchmarks of concurrency use it).</summary>
    /// <value>The default is no delay.</value>
    public TimeSpan Latency { get; init; }

    /// <summary>Gets the world that answers.</summary>
    public RuleWorld World { get; }

    /// <summary>Gets the address the server listens on, such as <c>http://127.0.0.1:5100/</c>; clients use
    /// <c>BaseAddress + "v1"</c> as their OpenAI endpoint.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Uri BaseAddress => _listener.BaseAddress;

    /// <summary>Gets whether the server is listening.</summary>
    public bool IsRunning => _listener.IsRunning;

    /// <summary>Starts listening on loopback.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes once the server accepts requests.</returns>
    /// <exception cref="InvalidOperationException">The server is already running, or the port cannot be used.</exception>
    /// <exception cref="ObjectDisposedException">The server has been disposed.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _listener.StartAsync(cancellationToken);

    /// <summary>Stops listening and waits for the requests being handled.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests (stops the waiting, not the stop).</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _listener.StopAsync(cancellationToken);

    /// <summary>Stops the server; calling it again does nothing.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
            var method = context.Request.HttpMethod;
            if (path == "/v1/chat/completions")
            {
                if (method != "POST")
                {
                    await WriteErrorAsync(response, 405, "invalid_request_error", "method_not_allowed", "Use POST for /v1/chat/completions.");
                }
                else
                {
                    await HandleChatCompletionAsync(context);
                }
            }
            else if (path == "/v1/models" && method == "GET")
            {
                await WriteJsonAsync(response, 200, w =>
                {
                    w.WriteString("object", "list");
                    w.WriteStartArray("data");
                    foreach (var id in new[] { RuleWorldConstants.TaskModelId, RuleWorldConstants.ReflectionModelId })
                    {
                        w.WriteStartObject();
                        WriteModel(w, id);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else if (path.StartsWith("/v1/models/", StringComparison.Ordinal) && method == "GET")
            {
                var id = Uri.UnescapeDataString(path["/v1/models/".Length..]);
                if (IsKnownModel(id))
                {
                    await WriteJsonAsync(response, 200, w => WriteModel(w, id));
                }
                else
                {
                    await WriteUnknownModelAsync(response, id);
                }
            }
            else
            {
                await WriteErrorAsync(response, 404, "invalid_request_error", "not_found", $"No route for {method} {path}; this simulated RuleWorld server serves /v1/chat/completions and /v1/models.");
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception ex)
        {
            // A bug must not take the server down; the client gets a 500 in OpenAI's shape when headers are not yet sent.
            try
            {
                await WriteErrorAsync(response, 500, "server_error", "internal_error", $"The simulated RuleWorld server failed: {ex.Message}");
            }
            catch (Exception inner) when (inner is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The response had already started or the client went away.
            }
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // Closing a response whose connection has gone fails; nothing to do.
            }
        }
    }

    private async Task HandleChatCompletionAsync(HttpListenerContext context)
    {
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, _timeProvider);
        }

        var response = context.Response;
        var body = await ReadBodyAsync(context.Request);
        if (body is null)
        {
            await WriteErrorAsync(response, 413, "invalid_request_error", "request_too_large", $"The request body is larger than {MaxRequestBytes} bytes.");
            return;
        }

        string model;
        List<ChatMessage> messages;
        bool stream, includeUsage;
        try
        {
            using var document = JsonDocument.Parse(body);
            (model, messages, stream, includeUsage) = ParseChatRequest(document.RootElement);
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(response, 400, "invalid_request_error", "invalid_json", $"The request body is not valid JSON: {ex.Message}");
            return;
        }
        catch (FormatException ex)
        {
            await WriteErrorAsync(response, 400, "invalid_request_error", "invalid_request", ex.Message);
            return;
        }

        IChatClient? client = model switch
        {
            RuleWorldConstants.TaskModelId => _taskModel,
            RuleWorldConstants.ReflectionModelId => _reflectionModel,
            _ => null,
        };
        if (client is null)
        {
            await WriteUnknownModelAsync(response, model);
            return;
        }

        var completion = await client.GetResponseAsync(messages);
        var reply = completion.Text;
        var usage = completion.Usage ?? new UsageDetails();
        var id = "chatcmpl-rw" + Interlocked.Increment(ref _requestCount).ToString("D8", CultureInfo.InvariantCulture);
        var created = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (!stream)
        {
            await WriteJsonAsync(response, 200, w =>
            {
                WriteCompletionHeader(w, id, "chat.completion", created, model);
                WriteChoice(w, "message", reply, "stop");
                WriteUsage(w, usage);
            });
            return;
        }

        // The reply is known in full, so the whole event stream is written at once: one chunk with the content, one with
        // the finish reason, one with the usage when asked, then [DONE].
        var events = new StringBuilder();
        events.Append("data: ").Append(Json(w =>
        {
            WriteCompletionHeader(w, id, "chat.completion.chunk", created, model);
            WriteChoice(w, "delta", reply, null);
        })).Append("\n\n");
        events.Append("data: ").Append(Json(w =>
        {
            WriteCompletionHeader(w, id, "chat.completion.chunk", created, model);
            WriteChoice(w, "delta", null, "stop");
        })).Append("\n\n");
        if (includeUsage)
        {
            events.Append("data: ").Append(Json(w =>
            {
                WriteCompletionHeader(w, id, "chat.completion.chunk", created, model);
                w.WriteStartArray("choices");
                w.WriteEndArray();
                WriteUsage(w, usage);
            })).Append("\n\n");
        }

        events.Append("data: [DONE]\n\n");
        await WriteBytesAsync(response, 200, "text/event-stream; charset=utf-8", Encoding.UTF8.GetBytes(events.ToString()));
    }

    private static (string Model, List<ChatMessage> Messages, bool Stream, bool IncludeUsage) ParseChatRequest(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The request body must be a JSON object.");
        }

        if (!root.TryGetProperty("model", out var modelElement) || modelElement.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("The request must have a string 'model'.");
        }

        if (!root.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("The request must have an array 'messages'.");
        }

        var messages = new List<ChatMessage>();
        var index = 0;
        foreach (var element in messagesElement.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"messages[{index}] must be an object with a string 'role'."));
            }

            var role = roleElement.GetString()!;
            var chatRole = role switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                _ => new ChatRole(role),
            };
            messages.Add(new ChatMessage(chatRole, ReadContent(element, index)));
            index++;
        }

        var stream = root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var streamOptions)
            && streamOptions.ValueKind == JsonValueKind.Object
            && streamOptions.TryGetProperty("include_usage", out var includeElement)
            && includeElement.ValueKind == JsonValueKind.True;
        return (modelElement.GetString()!, messages, stream, includeUsage);
    }

    private static string ReadContent(JsonElement message, int index)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind == JsonValueKind.Array)
        {
            var text = new StringBuilder();
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object
                    && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
                    && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                {
                    text.Append(partText.GetString());
                }
            }

            return text.ToString();
        }

        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"messages[{index}].content must be a string, an array of parts or null."));
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpListenerRequest request)
    {
        if (request.ContentLength64 > MaxRequestBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsKnownModel(string id) =>
        id is RuleWorldConstants.TaskModelId or RuleWorldConstants.ReflectionModelId;

    private static void WriteModel(Utf8JsonWriter w, string id)
    {
        w.WriteString("id", id);
        w.WriteString("object", "model");
        w.WriteNumber("created", 0);
        w.WriteString("owned_by", RuleWorldConstants.ProviderName);
    }

    private static void WriteCompletionHeader(Utf8JsonWriter w, string id, string type, long created, string model)
    {
        w.WriteString("id", id);
        w.WriteString("object", type);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }

    /// <summary>The one-choice <c>choices</c> array: the assistant's <paramref name="content"/> under
    /// <paramref name="key"/> (<c>message</c>, or a stream chunk's <c>delta</c>, empty without content) and the finish
    /// reason (JSON null while a stream goes on).</summary>
    private static void WriteChoice(Utf8JsonWriter w, string key, string? content, string? finishReason)
    {
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject(key);
        if (content is not null)
        {
            w.WriteString("role", "assistant");
            w.WriteString("content", content);
        }

        w.WriteEndObject();
        if (finishReason is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finishReason);
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter w, UsageDetails usage)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", usage.InputTokenCount ?? 0);
        w.WriteNumber("completion_tokens", usage.OutputTokenCount ?? 0);
        w.WriteNumber("total_tokens", usage.TotalTokenCount ?? 0);
        w.WriteEndObject();
    }

    private static Task WriteUnknownModelAsync(HttpListenerResponse response, string model) =>
        WriteErrorAsync(response, 404, "invalid_request_error", "model_not_found",
            $"The model '{model}' does not exist. This simulated RuleWorld server serves '{RuleWorldConstants.TaskModelId}' and '{RuleWorldConstants.ReflectionModelId}'.");

    private static Task WriteErrorAsync(HttpListenerResponse response, int status, string type, string code, string message) =>
        WriteJsonAsync(response, status, w =>
        {
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            w.WriteNull("param");
            w.WriteString("code", code);
            w.WriteEndObject();
        });

    private static Task WriteJsonAsync(HttpListenerResponse response, int status, Action<Utf8JsonWriter> writeProperties) =>
        WriteBytesAsync(response, status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(Json(writeProperties)));

    private static string Json(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task WriteBytesAsync(HttpListenerResponse response, int status, string contentType, byte[] bytes)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }
}
