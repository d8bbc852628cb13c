using System.Text.Json;
using Gepa.Simulation;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>A RuleWorld (simulated, deterministic) task served over HTTP on loopback, with its data and a gepa
/// configuration that points the chat-prompt adapter at it: a run that costs nothing and always makes the same
/// decisions.</summary>
public sealed class RuleWorldRun : IAsyncDisposable
{
    private RuleWorldRun(RuleWorldHttpServer server, ModelGate? gate, string root)
    {
        Server = server;
        Gate = gate;
        Root = root;
    }

    /// <summary>Gets the simulated model server.</summary>
    public RuleWorldHttpServer Server { get; }

    /// <summary>Gets the proxy the configuration points at instead of the server, when started with one.</summary>
    public ModelGate? Gate { get; }

    /// <summary>Gets the scratch directory (data, configuration, run directories).</summary>
    public string Root { get; }

    /// <summary>Gets the configuration file.</summary>
    public string ConfigPath => System.IO.Path.Combine(Root, "gepa.yaml");

    /// <summary>Starts a small world: few rules, so that the simulated reflection's guesses find some of them.</summary>
    /// <param name="budget">The rollout budget.</param>
    /// <param name="extraEngine">Extra lines for the engine section.</param>
    /// <param name="gated">Whether the models are reached through a <see cref="ModelGate"/> that can hold the run.</param>
    /// <returns>The run.</returns>
    public static async Task<RuleWorldRun> StartAsync(int budget = 260, string extraEngine = "", bool gated = false)
    {
        var world = new RuleWorld(new RuleWorldOptions { Rules = 6, Train = 12, Val = 8, Test = 4, Guess = 0.6, Noise = 0 });
        var server = new RuleWorldHttpServer(world);
        await server.StartAsync();
        var gate = gated ? await ModelGate.StartAsync(server.BaseAddress) : null;
        var models = gate?.BaseAddress ?? server.BaseAddress;
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gepa-rw-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(System.IO.Path.Combine(root, "data"));
        var run = new RuleWorldRun(server, gate, root);
        WriteSplit(System.IO.Path.Combine(root, "data", "train.jsonl"), world.Trainset);
        WriteSplit(System.IO.Path.Combine(root, "data", "val.jsonl"), world.Valset);
        File.WriteAllText(run.ConfigPath, $"""
            # RuleWorld is a SIMULATION: deterministic fake models, for tests.
            task-model:
              provider: openai-compatible
              base-url: {models}v1
              model: rule-world-task
              max-concurrency: 4
            reflection-model:
              provider: openai-compatible
              base-url: {models}v1
              model: rule-world-reflect
            dataset:
              train: data/train.jsonl
              val: data/val.jsonl
            seed-candidate:
              system_prompt: "{RuleWorld.BaseInstruction}"
            budget:
              policy: fixed   # these tests replay exact decisions of the reference's allocation
            engine:
              max-metric-calls: {budget}
              minibatch-size: 3
              seed: 11
              cache-evaluation: true
              reflection-retry-delay: 0s
              merge:
                enabled: true
                max-invocations: 3
                val-overlap-floor: 2
            {extraEngine}
            """);
        return run;
    }

    /// <summary>Gets a path under the scratch directory.</summary>
    /// <param name="relative">The relative path.</param>
    /// <returns>The full path.</returns>
    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Gate is not null)
        {
            await Gate.DisposeAsync();
        }

        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void WriteSplit(string path, IReadOnlyList<RuleWorldExample> examples) =>
        File.WriteAllLines(path, examples.Select(e => JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = e.Id, ["input"] = e.Input, ["answer"] = e.Answer })));
}
