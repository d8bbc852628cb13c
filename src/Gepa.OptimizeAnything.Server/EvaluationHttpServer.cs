using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Gepa.Http;

namespace Gepa;

/// <summary>Serves an <see cref="EvaluationServer"/> over HTTP with the reference's protocol, on loopback unless told
/// otherwise, so that an external engine or coding agent can optimize against a .NET evaluator within the same budget.</summary>
/// <remarks>
/// <para>Routes (JSON in and out):</para>
/// <list type="bullet">
/// <item><c>POST /evaluate</c> <c>{"candidate": "text" | {component: text}, "example_id": "…"}</c> →
/// <c>{"score", "info", "budget"}</c>;</item>
/// <item><c>POST /evaluate_examples</c> <c>{"candidate", "example_ids": [...]}</c> (all examples when omitted) →
/// <c>{"average_score", "scores", "infos", "num_evaluated", "errors", "budget"}</c>;</item>
/// <item><c>GET /status</c> → <c>{"budget", "best_score", "total_evals", "failures"}</c>;</item>
/// <item><c>GET /task</c> → <c>{"objective", "background", "seed_candidate", "has_dataset", "train_size", "val_size": 0, "test_size": 0}</c>.</item>
/// </list>
/// <para>A spent budget is HTTP 429; an unknown (or held-out) example id or a malformed body is 400. The held-out test
/// set is not held by the server, so no route can reach it. There is no authentication: keep it on loopback.</para>
/// </remarks>
public sealed class EvaluationHttpServer : IAsyncDisposable
{
    /// <summary>The largest request body accepted, in bytes.</summary>
    public const int MaxRequestBytes = 16 * 1024 * 1024;

    private const string CandidateBodyError = "The body must be a JSON object with \"candidate\": a text, or an object of component name to text.";
    private static readonly JsonSerializerOptions Compact = new();

    private readonly EvaluationServer _server;
    private readonly HttpListenerHost _listener;
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <summary>Initializes a server; it listens once <see cref="StartAsync"/> is called.</summary>
    /// <param name="server">The evaluation server (and budget) to expose.</param>
    /// <param name="port">The TCP port, or 0 to pick a free one (see <see cref="BaseAddress"/>).</param>
    /// <param name="host">The address to listen on: <see langword="null"/> for loopback, an IP address or host name, or
    /// <c>*</c> for every interface (which exposes the evaluator to the network, without authentication).</param>
    public EvaluationHttpServer(EvaluationServer server, int port = 0, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;

        // Evaluations in flight are cancelled when a stop begins, then awaited.
        _listener = new HttpListenerHost("The evaluation server", port, host, HandleAsync, () => _stopping.CancelAsync());
    }

    /// <summary>Gets the address the server listens on, such as <c>http://127.0.0.1:5200/</c>.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Uri BaseAddress => _listener.BaseAddress;

    /// <summary>Starts listening.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes once requests are accepted.</returns>
    /// <exception cref="InvalidOperationException">It is already running, or the port cannot be used.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _listener.StartAsync(cancellationToken);

    /// <summary>Stops listening; evaluations in flight are cancelled and awaited.</summary>
    /// <param name="cancellationToken">Stops the waiting, not the stop.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _listener.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _listener.DisposeAsync();
        _disposed = true;
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
            var (status, body) = (context.Request.HttpMethod, path) switch
            {
                ("GET", "/status") => (200, StatusJson()),
                ("GET", "/task") => (200, TaskJson()),
                ("POST", "/evaluate") => await EvaluateAsync(context.Request),
                ("POST", "/evaluate_examples") => await EvaluateExamplesAsync(context.Request),
                (_, "/status" or "/task" or "/evaluate" or "/evaluate_examples") => (405, Error($"{context.Request.HttpMethod} is not allowed on {path}.")),
                _ => (404, Error($"No route {path}; the routes are POST /evaluate, POST /evaluate_examples, GET /status, GET /task.")),
            };
            await WriteAsync(response, status, body);
        }
#pragma warning disable CA1031 // A request must never take the server down; the client gets a 500 with the message.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            try
            {
                await WriteAsync(response, ex is OperationCanceledException ? 503 : 500, Error(ex.Message));
            }
#pragma warning disable CA1031 // The client may already be gone.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
        finally
        {
            response.Close();
        }
    }

    private async Task<(int, JsonObject)> EvaluateAsync(HttpListenerRequest request)
    {
        if (await ReadAsync(request) is not ({ } body, null) || ParseCandidate(body) is not { } candidate)
        {
            return (400, Error(CandidateBodyError));
        }

        var id = body["example_id"]?.GetValueKind() == JsonValueKind.String ? body["example_id"]!.GetValue<string>() : null;
        return await AnswerAsync(async () =>
        {
            var e = await _server.EvaluateAsync(candidate, id, _stopping.Token);
            return new JsonObject { ["score"] = e.Score, ["info"] = e.Info.ToJson(), ["budget"] = Budget() };
        });
    }

    private async Task<(int, JsonObject)> EvaluateExamplesAsync(HttpListenerRequest request)
    {
        if (await ReadAsync(request) is not ({ } body, null) || ParseCandidate(body) is not { } candidate)
        {
            return (400, Error(CandidateBodyError));
        }

        List<string>? ids = null;
        if (body["example_ids"] is JsonArray array)
        {
            if (array.Any(x => x?.GetValueKind() != JsonValueKind.String))
            {
                return (400, Error("\"example_ids\" must be a list of strings."));
            }

            ids = [.. array.Select(x => x!.GetValue<string>())];
        }

        return await AnswerAsync(async () =>
        {
            var batch = await _server.EvaluateExamplesAsync(candidate, ids, _stopping.Token);
            var scores = new JsonObject();
            var infos = new JsonObject();
            var errors = new JsonObject();
            foreach (var e in batch.Evaluations)
            {
                var key = e.ExampleId ?? OptimizeAnythingConstants.SingleExampleId;
                scores[key] = e.Score;
                infos[key] = e.Info.ToJson();
                if (e.Failed && e.Info.TryGetValue(SideInfoKeys.Error, out var err))
                {
                    errors[key] = err as string ?? err?.ToString();
                }
            }

            return new JsonObject
            {
                ["average_score"] = batch.AverageScore,
                ["scores"] = scores,
                ["infos"] = infos,
                ["num_evaluated"] = batch.Evaluations.Count,
                ["errors"] = errors,
                ["budget"] = Budget(),
            };
        });
    }

    /// <summary>Runs an evaluation request and maps its outcome to a status: 429 once the budget is spent (before or
    /// during the evaluation), 400 for an unknown example id, 500 when the evaluator fails.</summary>
    private async Task<(int, JsonObject)> AnswerAsync(Func<Task<JsonObject>> evaluate)
    {
        if (_server.Status.Exhausted)
        {
            return (429, Error("Budget exhausted"));
        }

        try
        {
            return (200, await evaluate());
        }
        catch (EvaluationBudgetExhaustedException ex)
        {
            return (429, Error(ex.Message));
        }
        catch (KeyNotFoundException ex)
        {
            return (400, Error(ex.Message));
        }
        catch (EvaluatorFailureException ex)
        {
            return (500, Error(ex.Message));
        }
    }

    private JsonObject StatusJson()
    {
        var s = _server.Status;
        return new JsonObject
        {
            ["budget"] = Budget(),
            ["best_score"] = s.BestScore,
            ["total_evals"] = s.Used,
            ["failures"] = s.Failures,
        };
    }

    private JsonObject TaskJson()
    {
        var t = _server.TaskInfo;
        JsonNode? seed = t.Seed is null ? null
            : t.Seed.Count == 1 && t.Seed.ContainsKey(OptimizeAnythingConstants.TextComponent) ? t.Seed[OptimizeAnythingConstants.TextComponent]
            : new JsonObject([.. t.Seed.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))]);
        return new JsonObject
        {
            ["objective"] = t.Objective,
            ["background"] = t.Background,
            ["seed_candidate"] = seed,
            ["has_dataset"] = t.HasDataset,
            ["train_size"] = t.ExampleIds.Count,
            ["example_ids"] = new JsonArray([.. t.ExampleIds.Select(id => (JsonNode?)id)]),
            ["val_size"] = 0,
            ["test_size"] = 0,
        };
    }

    private JsonObject Budget()
    {
        var s = _server.Status;
        return new JsonObject { ["exhausted"] = s.Exhausted, ["max_evals"] = s.MaxEvaluations, ["used"] = s.Used, ["remaining_evals"] = s.Remaining };
    }

    private JsonObject Error(string message) => new() { ["error"] = message, ["budget"] = Budget() };

    private static Candidate? ParseCandidate(JsonObject body)
    {
        switch (body["candidate"])
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return Candidate.FromText(OptimizeAnythingConstants.TextComponent, v.GetValue<string>());
            case JsonObject o when o.Count > 0 && o.All(kv => kv.Value?.GetValueKind() == JsonValueKind.String):
                return new Candidate(o.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!.GetValue<string>())));
            default:
                return null;
        }
    }

    private static async Task<(JsonObject? Body, string? Error)> ReadAsync(HttpListenerRequest request)
    {
        if (request.ContentLength64 > MaxRequestBytes)
        {
            return (null, "too large");
        }

        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        try
        {
            return JsonNode.Parse(text) is JsonObject o ? (o, null) : (null, "not an object");
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Compact));
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }
}
