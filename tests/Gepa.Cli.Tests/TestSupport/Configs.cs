namespace Gepa.Cli.Tests.TestSupport;

/// <summary>A valid configuration against the loopback server, and the data it names.</summary>
public static class Configs
{
    public const string Secret = "sk-live-TOPSECRET-abcdef0123456789";

    /// <summary>A valid configuration against the loopback server, with the given budget and budget policy.</summary>
    /// <param name="server">The loopback server.</param>
    /// <param name="budget">The rollout budget.</param>
    /// <param name="policy">The budget policy to pin, or <see langword="null"/> for no budget section (the default,
    /// adaptive). Pinned to fixed by default: these tests are about configs, I/O and errors, and their tiny budget (20
    /// to 40 rollouts on 4 validation examples) is below what the adaptive policy's minibatches of seven need.</param>
    public static string Valid(Uri server, int budget = 40, string? policy = "fixed") => $"""
        task-model:
          provider: openai-compatible
          base-url: {server}v1
          model: task-model
          api-key-env: GEPA_TEST_KEY
          temperature: 0
          max-concurrency: 2
          price: {"{"}input-per-million: 1.0, output-per-million: 2.0{"}"}
        reflection-model:
          provider: openai-compatible
          base-url: {server}v1
          model: reflection-model
          api-key-env: GEPA_TEST_KEY
        dataset:
          train: data/train.jsonl
          val: data/val.jsonl
          test: data/test.jsonl
        seed-candidate:
          system_prompt: You are a helpful assistant.
        {(policy is null ? "" : "budget: {policy: " + policy + "}\n")}engine:
          max-metric-calls: {budget}
          minibatch-size: 2
          seed: 1
        """;

    public static void WriteData(CliHarness h)
    {
        string[] capitals = ["France:Paris", "Italy:Rome", "Spain:Madrid", "Japan:Tokyo", "Peru:Lima", "Chile:Santiago"];
        string Row(string c) => $$"""{"input": "Capital of {{c.Split(':')[0]}}?", "answer": "{{c.Split(':')[1]}}"}""";
        h.Write("data/train.jsonl", string.Join('\n', capitals[..4].Select(Row)));
        h.Write("data/val.jsonl", string.Join('\n', capitals[2..].Select(Row)));
        h.Write("data/test.jsonl", string.Join('\n', capitals[..2].Select(Row)));
    }
}
