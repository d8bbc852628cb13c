using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gepa.Cli.Tests.Loopback;

/// <summary>A fake MLflow tracking server on 127.0.0.1: the REST routes gepa calls (experiments get-by-name and create,
/// runs create, log-parameter, log-metric and update) and the mlflow-artifacts upload, answering as MLflow does and
/// recording every call with its Authorization header.</summary>
public sealed class FakeMlflowServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> _calls = new();
    private readonly ConcurrentDictionary<string, string> _experiments = new(StringComparer.Ordinal);

    private FakeMlflowServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Gets or sets a status every call answers with instead (0: answer normally).</summary>
    public int FailWith { get; set; }

    /// <summary>Gets or sets whether artifact uploads are refused (a server started without --serve-artifacts).</summary>
    public bool RefuseArtifacts { get; set; }

    public IReadOnlyList<(string Method, string Path, string? Authorization, string Body)> Calls => [.. _calls];

    public IEnumerable<JsonObject> Bodies(string path) => Calls.Where(c => c.Path == path).Select(c => JsonNode.Parse(c.Body)!.AsObject());

    public static async Task<FakeMlflowServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeMlflowServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public void AddExperiment(string name, string id) => _experiments[name] = id;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = ctx.Request.Path.Value ?? "";
        _calls.Enqueue((ctx.Request.Method, path, ctx.Request.Headers.Authorization.FirstOrDefault(), body));
        if (FailWith != 0)
        {
            ctx.Response.StatusCode = FailWith;
            await ctx.Response.WriteAsync("""{"error_code": "INTERNAL_ERROR", "message": "down"}""");
            return;
        }

        switch (ctx.Request.Method, path)
        {
            case ("GET", "/api/2.0/mlflow/experiments/get-by-name"):
                var name = ctx.Request.Query["experiment_name"].ToString();
                if (_experiments.TryGetValue(name, out var id))
                {
                    await Json(ctx, 200, new JsonObject { ["experiment"] = new JsonObject { ["experiment_id"] = id, ["name"] = name } });
                }
                else
                {
                    await Json(ctx, 404, new JsonObject { ["error_code"] = "RESOURCE_DOES_NOT_EXIST", ["message"] = $"Could not find experiment with name '{name}'" });
                }

                return;
            case ("POST", "/api/2.0/mlflow/experiments/create"):
                var newId = (_experiments.Count + 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _experiments[JsonNode.Parse(body)!["name"]!.GetValue<string>()] = newId;
                await Json(ctx, 200, new JsonObject { ["experiment_id"] = newId });
                return;
            case ("POST", "/api/2.0/mlflow/runs/create"):
                var exp = JsonNode.Parse(body)!["experiment_id"]!.GetValue<string>();
                await Json(ctx, 200, new JsonObject
                {
                    ["run"] = new JsonObject { ["info"] = new JsonObject { ["run_id"] = "run-1", ["experiment_id"] = exp, ["artifact_uri"] = $"mlflow-artifacts:/{exp}/run-1/artifacts", ["status"] = "RUNNING" } },
                });
                return;
            case ("POST", "/api/2.0/mlflow/runs/log-parameter" or "/api/2.0/mlflow/runs/log-metric" or "/api/2.0/mlflow/runs/update"):
                await Json(ctx, 200, new JsonObject());
                return;
            case ("PUT", _) when path.StartsWith("/api/2.0/mlflow-artifacts/artifacts/", StringComparison.Ordinal):
                if (RefuseArtifacts)
                {
                    await Json(ctx, 503, new JsonObject { ["error_code"] = "TEMPORARILY_UNAVAILABLE", ["message"] = "artifacts are not served" });
                    return;
                }

                await Json(ctx, 200, new JsonObject());
                return;
            default:
                await Json(ctx, 404, new JsonObject { ["error_code"] = "ENDPOINT_NOT_FOUND", ["message"] = path });
                return;
        }
    }

    private static async Task Json(HttpContext ctx, int status, JsonObject body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString());
    }
}
