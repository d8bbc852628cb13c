using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;

namespace Gepa.Cli.Tracking;

/// <summary>Logs a run to an MLflow tracking server through its REST API: the experiment (created when missing), one MLflow
/// run per session with the configuration as parameters, the metrics at every iteration, and at the end the final metrics,
/// the best candidate and the summary as artifacts (through the <c>mlflow-artifacts</c> proxy) and the run's status.</summary>
/// <remarks>Best effort: the first failed call (server down, refused, timed out) is reported once through the warning
/// callback and tracking stops for the rest of the session; the optimization never waits on a failure or fails because of
/// one. Metrics are sent from a queue, so the engine does not wait for the server either. The token comes only from the
/// environment (<c>MLFLOW_TRACKING_TOKEN</c>, or <c>MLFLOW_TRACKING_USERNAME</c> and <c>MLFLOW_TRACKING_PASSWORD</c>), is sent
/// only in the Authorization header and is added to the redactor, so no error text can carry it anywhere.</remarks>
internal sealed class MlflowTracker : IAsyncDisposable
{
    /// <summary>The variable holding a bearer token.</summary>
    public const string TokenVariable = "MLFLOW_TRACKING_TOKEN";

    /// <summary>The variable holding a basic-auth user name.</summary>
    public const string UserVariable = "MLFLOW_TRACKING_USERNAME";

    /// <summary>The variable holding a basic-auth password.</summary>
    public const string PasswordVariable = "MLFLOW_TRACKING_PASSWORD";

    private const int MaxParameterLength = 500;
    private const int MaxParameters = 100;

    private readonly HttpClient _http;
    private readonly MlflowSettings _settings;
    private readonly Action<string> _warn;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly Channel<Func<Task>> _queue = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _sender;
    private string? _runId;
    private string? _artifactPath;
    private volatile bool _failed;

    /// <summary>Initializes a tracker.</summary>
    /// <param name="settings">The <c>tracking.mlflow</c> settings.</param>
    /// <param name="getEnvironmentVariable">Reads the token variables.</param>
    /// <param name="redactor">The redactor the token is added to.</param>
    /// <param name="warn">Where a tracking failure is told (once).</param>
    /// <param name="timeProvider">The clock (timestamps).</param>
    /// <param name="handler">The HTTP handler; tests inject one.</param>
    public MlflowTracker(MlflowSettings settings, Func<string, string?> getEnvironmentVariable, SecretRedactor redactor, Action<string> warn, TimeProvider? timeProvider = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        _settings = settings;
        _redactor = redactor;
        _warn = warn;
        _time = timeProvider ?? TimeProvider.System;
        var root = settings.Uri.AbsoluteUri.EndsWith('/') ? settings.Uri : new Uri(settings.Uri.AbsoluteUri + "/");
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = root;
        _http.Timeout = settings.Timeout;
        if (getEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
        {
            redactor.Add(token);
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (getEnvironmentVariable(UserVariable) is { Length: > 0 } user && getEnvironmentVariable(PasswordVariable) is { } password)
        {
            redactor.Add(password);
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
            redactor.Add(basic);
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }
    }

    /// <summary>Gets the MLflow run's id, once it was created.</summary>
    public string? RunId => _runId;

    /// <summary>Gets whether tracking stopped after a failure.</summary>
    public bool Failed => _failed;

    /// <summary>Flattens a JSON configuration into MLflow parameters: dotted key paths to scalar texts (arrays as JSON),
    /// each value cut to the 500 characters MLflow guarantees, at most 100 of them.</summary>
    /// <param name="config">The configuration as JSON (the run directory's redacted snapshot).</param>
    /// <returns>The parameters, in key order.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Parameters(JsonElement config)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(string prefix, JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    Walk(prefix.Length == 0 ? p.Name : prefix + "." + p.Name, p.Value);
                }

                return;
            }

            var text = e.ValueKind switch
            {
                JsonValueKind.String => e.GetString() ?? "",
                JsonValueKind.Null => "",
                _ => e.GetRawText(),
            };
            result[prefix] = text.Length <= MaxParameterLength ? text : text[..(MaxParameterLength - 1)] + "…";
        }

        Walk("", config);
        return [.. result.Take(MaxParameters)];
    }

    /// <summary>Finds or creates the experiment, creates the MLflow run and logs its parameters.</summary>
    /// <param name="runName">The run's name.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="tags">Tags of the run.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Whether tracking is on (false after a failure, already warned about).</returns>
    public async Task<bool> StartAsync(string runName, IReadOnlyList<KeyValuePair<string, string>> parameters, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);
        await TryAsync(async () =>
        {
            var experimentId = await ExperimentIdAsync(cancellationToken);
            var tagArray = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })]);
            var created = await PostAsync("api/2.0/mlflow/runs/create", new JsonObject
            {
                ["experiment_id"] = experimentId,
                ["run_name"] = runName,
                ["start_time"] = Now(),
                ["tags"] = tagArray,
            }, cancellationToken);
            var info = created?["run"]?["info"] ?? throw new HttpRequestException("runs/create returned no run.");
            _runId = info["run_id"]?.GetValue<string>() ?? info["run_uuid"]?.GetValue<string>() ?? throw new HttpRequestException("runs/create returned no run id.");
            _artifactPath = ArtifactPath(info["artifact_uri"]?.GetValue<string>(), experimentId, _runId);
            foreach (var (key, value) in parameters)
            {
                await PostAsync("api/2.0/mlflow/runs/log-parameter", new JsonObject { ["run_id"] = _runId, ["key"] = key, ["value"] = value }, cancellationToken);
            }
        }).ConfigureAwait(false);
        if (!_failed)
        {
            _sender = Task.Run(SendQueuedAsync, CancellationToken.None);
        }

        return !_failed;
    }

    /// <summary>Subscribes the per-iteration metrics to the engine's callbacks (after the subscribers already there): at every checkpoint,
    /// the best validation score, rollouts, candidates and proposals accepted and tried, with the iteration as the step.</summary>
    /// <param name="callbacks">The engine callbacks.</param>
    public void Attach(GepaCallbacks callbacks)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        callbacks.OnCheckpoint.Subscribe(cp =>
        {
            if (_runId is not null && !_failed)
            {
                var step = cp.Iteration + 1;
                var best = cp.Candidates.Count == 0 ? 0 : cp.Candidates.Where(c => c.ValScores.Count == cp.Candidates[0].ValScores.Count)
                    .Max(c => c.ValScores.Count == 0 ? 0 : c.ValScores.Values.Average());
                Enqueue(step, new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["best_val_score"] = best,
                    ["rollouts"] = cp.TotalMetricCalls,
                    ["candidates"] = cp.Candidates.Count,
                    ["proposals_accepted"] = cp.Counters.GetValueOrDefault("proposalsAccepted"),
                    ["proposals_tried"] = cp.Counters.GetValueOrDefault("proposalsTried"),
                });
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Sends what is queued, then the final metrics, the artifacts and the run's status.</summary>
    /// <param name="status"><c>FINISHED</c>, <c>KILLED</c> or <c>FAILED</c>.</param>
    /// <param name="metrics">The final metrics (best and seed score, test score…).</param>
    /// <param name="artifacts">Files to upload, by artifact name (missing files are skipped).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when everything was sent or tracking failed.</returns>
    public async Task FinishAsync(string status, IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, string> artifacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(artifacts);
        if (_runId is null)
        {
            return;
        }

        _queue.Writer.TryComplete();
        if (_sender is not null)
        {
            await _sender.ConfigureAwait(false);
        }

        await TryAsync(async () =>
        {
            var now = Now();
            foreach (var (key, value) in metrics)
            {
                await LogMetricAsync(key, value, now, 0, cancellationToken);
            }

            foreach (var (name, file) in artifacts)
            {
                if (File.Exists(file))
                {
                    using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(_redactor.Redact(await File.ReadAllTextAsync(file, cancellationToken))));
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await _http.PutAsync("api/2.0/mlflow-artifacts/artifacts/" + _artifactPath + "/" + Uri.EscapeDataString(name), content, cancellationToken);
                    await EnsureAsync(response, "mlflow-artifacts/artifacts", cancellationToken);
                }
            }

            await PostAsync("api/2.0/mlflow/runs/update", new JsonObject { ["run_id"] = _runId, ["status"] = status, ["end_time"] = Now() }, cancellationToken);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_sender is not null)
        {
            await _sender.ConfigureAwait(false);
        }

        _http.Dispose();
    }

    /// <summary>The artifact path under the proxy: the run's <c>mlflow-artifacts:</c> URI without its scheme (and host), or
    /// MLflow's default layout <c>&lt;experiment&gt;/&lt;run&gt;/artifacts</c>.</summary>
    private static string ArtifactPath(string? artifactUri, string experimentId, string runId)
    {
        if (artifactUri is not null && artifactUri.StartsWith("mlflow-artifacts:", StringComparison.Ordinal))
        {
            var rest = artifactUri["mlflow-artifacts:".Length..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                var slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? "" : rest[slash..];
            }

            return rest.Trim('/');
        }

        return $"{experimentId}/{runId}/artifacts";
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Enqueue(int step, Dictionary<string, double> metrics)
    {
        var now = Now();
        _queue.Writer.TryWrite(async () =>
        {
            foreach (var (key, value) in metrics)
            {
                await LogMetricAsync(key, value, now, step, CancellationToken.None);
            }
        });
    }

    private async Task SendQueuedAsync()
    {
        await foreach (var send in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (!_failed)
            {
                await TryAsync(send).ConfigureAwait(false);
            }
        }
    }

    private async Task LogMetricAsync(string key, double value, long timestamp, int step, CancellationToken cancellationToken) =>
        await PostAsync("api/2.0/mlflow/runs/log-metric", new JsonObject { ["run_id"] = _runId, ["key"] = key, ["value"] = value, ["timestamp"] = timestamp, ["step"] = step }, cancellationToken);

    private async Task<string> ExperimentIdAsync(CancellationToken cancellationToken)
    {
        using (var found = await _http.GetAsync("api/2.0/mlflow/experiments/get-by-name?experiment_name=" + Uri.EscapeDataString(_settings.Experiment), cancellationToken))
        {
            if (found.IsSuccessStatusCode)
            {
                var body = JsonNode.Parse(await found.Content.ReadAsStringAsync(cancellationToken));
                return body?["experiment"]?["experiment_id"]?.GetValue<string>() ?? throw new HttpRequestException("experiments/get-by-name returned no experiment id.");
            }

            if (found.StatusCode != HttpStatusCode.NotFound)
            {
                await EnsureAsync(found, "experiments/get-by-name", cancellationToken);
            }
        }

        var created = await PostAsync("api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = _settings.Experiment }, cancellationToken);
        return created?["experiment_id"]?.GetValue<string>() ?? throw new HttpRequestException("experiments/create returned no experiment id.");
    }

    private async Task<JsonNode?> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(path, content, cancellationToken);
        await EnsureAsync(response, path, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var reason = body.Length > 200 ? body[..200] + "…" : body;
            throw new HttpRequestException($"{what} answered {(int)response.StatusCode} {response.ReasonPhrase}{(reason.Length > 0 ? ": " + reason : "")}", null, response.StatusCode);
        }
    }

    private async Task TryAsync(Func<Task> call)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or IOException or FormatException)
        {
            _failed = true;
            var why = e is TaskCanceledException ? $"no answer within {_settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s" : e.Message;
            _warn(_redactor.Redact($"warning: MLflow tracking at {_settings.Uri} failed ({why}); the run goes on without it."));
        }
    }
}
