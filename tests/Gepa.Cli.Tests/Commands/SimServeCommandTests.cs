using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gepa.Cli.Tests.TestSupport;
using Gepa.Simulation;
using Microsoft.Extensions.AI;
using OpenAI;
using Xunit;

namespace Gepa.Cli.Tests.Commands;

/// <summary>'gepa sim serve' in-process on a free port: the real OpenAI connector, and 'gepa optimize' through it.</summary>
public sealed class SimServeCommandTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IChatClient OpenAIClient(string v1, string model) =>
        new OpenAIClient(new ApiKeyCredential("any-key"), new OpenAIClientOptions { Endpoint = new Uri(v1) }).GetChatClient(model).AsIChatClient();

    /// <summary>Starts the server; returns its /v1 URL, the task that ends when it stops, and what it printed.</summary>
    private async Task<(string V1, Task<int> Serving, LiveWriter Output, CancellationTokenSource Stop)> StartAsync(params string[] world)
    {
        var output = new LiveWriter();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        string[] args = ["sim", "serve", "--port", "0", .. world.Length > 0 ? ["--world", .. world] : Array.Empty<string>()];
        var serving = _h.RunWithAsync(output, TextWriter.Null, stop.Token, args);
        // The bound only ends a server that never starts: the in-process start is slow only on a busy machine.
        var line = await output.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60), Ct);
        return (Regex.Match(line, @"http://\S+/v1").Value, serving, output, stop);
    }

    [Fact]
    public async Task Serve_OpenAIConnector_RoundTripsTheWorldsAnswersAndStopsOnCancel()
    {
        var (v1, serving, output, stop) = await StartAsync("modules=2", "noise=0.3");
        using (stop)
        {
            var world = new RuleWorld(new RuleWorldOptions { Modules = 2, Noise = 0.3 });
            using var task = OpenAIClient(v1, RuleWorldConstants.TaskModelId);
            using var reflect = OpenAIClient(v1, RuleWorldConstants.ReflectionModelId);
            var example = world.Valset[7];
            ChatMessage[] step1 = [new(ChatRole.System, "Report every temperature in kelvin. Use 24-hour clock times."), new(ChatRole.User, world.BuildStepUserMessage(0, example, null))];
            var reply1 = await task.GetResponseAsync(step1, cancellationToken: Ct);
            ChatMessage[] step2 = [new(ChatRole.System, "Convert volumes to litres."), new(ChatRole.User, world.BuildStepUserMessage(1, example, reply1.Text))];
            var reply2 = await task.GetResponseAsync(step2, cancellationToken: Ct);
            const string Prompt = "Feedback: Incorrect. The response did not follow this guideline (step answer): Give weights in pounds and ounces.";
            var reflected = await reflect.GetResponseAsync(Prompt, cancellationToken: Ct);

            Assert.Equal(world.TaskReply(step1), reply1.Text);
            Assert.Equal(world.TaskReply(step2), reply2.Text);
            Assert.Contains("Answer: ANS-", reply2.Text, StringComparison.Ordinal);
            Assert.Equal(world.ReflectReply(Prompt), reflected.Text);
            Assert.StartsWith("http://127.0.0.1:", v1, StringComparison.Ordinal);
            var printed = output.ToString();
            Assert.Contains("SIMULATED WORLD", printed, StringComparison.Ordinal);
            Assert.Contains("rule-world-task (simulated task model), rule-world-reflect (simulated reflection model)", printed, StringComparison.Ordinal);
            Assert.Contains("modules=2", printed, StringComparison.Ordinal);

            await stop.CancelAsync();
            Assert.Equal(0, await serving);
            Assert.Contains("RuleWorld server stopped.", output.ToString(), StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<Exception>(() => task.GetResponseAsync(step1, cancellationToken: Ct));
        }
    }

    [Fact]
    public async Task Optimize_ModelsOnTheServer_GivesTheSameRunAsTheInProcessWorld()
    {
        var (v1, serving, _, stop) = await StartAsync("train=30", "val=20");
        using (stop)
        {
            const string Engine = "engine: {max-metric-calls: 400, seed: 2}\nworld: {train: 30, val: 20}\n";
            _h.Write("http.yaml", $"""
                task: rule-world
                task-model: {"{"}provider: openai-compatible, base-url: "{v1}", model: rule-world-task{"}"}
                reflection-model: {"{"}provider: openai-compatible, base-url: "{v1}", model: rule-world-reflect{"}"}
                {Engine}
                """);
            _h.Write("local.yaml", "task: rule-world\ntask-model: {provider: rule-world}\nreflection-model: {provider: rule-world}\n" + Engine);

            Assert.True(await _h.RunAsync("optimize", "http.yaml", "--out", "http") == 0, _h.Error);
            Assert.Contains("SIMULATED WORLD", _h.Out, StringComparison.Ordinal);
            Assert.True(await _h.RunAsync("optimize", "local.yaml", "--out", "local") == 0, _h.Error);

            var http = JsonNode.Parse(File.ReadAllText(_h.Path("http/result.json")))!;
            var local = JsonNode.Parse(File.ReadAllText(_h.Path("local/result.json")))!;
            Assert.True(http["bestScore"]!.GetValue<double>() > http["candidates"]![0]!["valScore"]!.GetValue<double>(), "GEPA through the server improved nothing");
            Assert.Equal(local["bestScore"]!.GetValue<double>(), http["bestScore"]!.GetValue<double>());
            Assert.Equal(local["totalMetricCalls"]!.GetValue<int>(), http["totalMetricCalls"]!.GetValue<int>());
            Assert.Equal(File.ReadAllText(_h.Path("local/best_candidate.json")), File.ReadAllText(_h.Path("http/best_candidate.json")));
            var usage = http["usage"]!.AsArray().First(u => u!["role"]!.GetValue<string>() == "task")!;
            // Every rollout is one call, and the test split is scored after the run, outside the budget.
            Assert.Equal(http["totalMetricCalls"]!.GetValue<int>() + http["testExamples"]!.GetValue<int>(), usage["calls"]!.GetValue<int>());
            Assert.Equal(local["testScore"]!.GetValue<double>(), http["testScore"]!.GetValue<double>());

            await stop.CancelAsync();
            Assert.Equal(0, await serving);
        }
    }

    [Theory]
    [InlineData("--world", "modules=9", "error: --world: RuleWorld parameter 'modules' (Modules) must be between 1 and 3")]
    [InlineData("--world", "colour=red", "error: --world: Unknown RuleWorld parameter 'colour'")]
    [InlineData("--host", "not a host", "error: --host: 'not a host' is not a host name or IP address")]
    public async Task Serve_BadArguments_OneLineAndExitCode2(string option, string value, string expected)
    {
        var code = await _h.RunAsync("sim", "serve", "--port", "0", option, value);

        Assert.Equal(2, code);
        Assert.StartsWith(expected, _h.Error, StringComparison.Ordinal);
        Assert.Single(_h.ErrorLines);
    }
}
