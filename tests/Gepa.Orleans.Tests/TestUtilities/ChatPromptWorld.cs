using System.Text.Json.Nodes;

namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>An ordinary chat-prompt configuration (not RuleWorld) with its data in a directory of its own, against a
/// loopback OpenAI-compatible server whose answers are deterministic: the task model answers example i right only when
/// the system prompt holds the rule <c>Rule{i % 5 + 1}</c>, and the reflection model adds the next rule.</summary>
internal sealed class ChatPromptWorld : IAsyncDisposable
{
    public const string KeyVariable = "GEPA_CLUSTER_TEST_KEY";
    public const string Key = "sk-worker-only-0123456789";

    private ChatPromptWorld(LoopbackChatServer server, int budget)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("gepa-cluster-config-").FullName;
        Server = server;
        Server.Responder = body => body["model"]!.GetValue<string>() == "task-model" && ThrottledRequests.Contains(Interlocked.Increment(ref _taskRequests)) ? null : Answer(body);
        string Row(int i) => $$"""{"input": "Q{{i}}", "answer": "A{{i}}"}""";
        File.WriteAllText(Path.Combine(Directory, "train.jsonl"), string.Join('\n', Enumerable.Range(0, 8).Select(Row)));
        File.WriteAllText(Path.Combine(Directory, "val.jsonl"), string.Join('\n', Enumerable.Range(8, 6).Select(Row)));
        File.WriteAllText(ConfigPath, $"""
            task-model:
              provider: openai-compatible
              base-url: {Server.BaseUri}v1
              model: task-model
              api-key-env: {KeyVariable}
              temperature: 0
              max-concurrency: 4
            reflection-model:
              provider: openai-compatible
              base-url: {Server.BaseUri}v1
              model: reflection-model
              api-key-env: {KeyVariable}
            dataset:
              train: train.jsonl
              val: val.jsonl
            metric:
              name: exact
            seed-candidate:
              system_prompt: Answer the question.
            engine:
              max-metric-calls: {budget}
              minibatch-size: 2
              seed: 1
            """);
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "gepa.yaml");

    public LoopbackChatServer Server { get; }

    /// <summary>Gets or sets the task-model requests (counted from 1) answered with a 429 and Retry-After instead.</summary>
    public ISet<int> ThrottledRequests { get; set; } = new HashSet<int>();

    private int _taskRequests;

    /// <summary>Gets the task-model requests so far.</summary>
    public int TaskRequests => Volatile.Read(ref _taskRequests);

    /// <summary>Starts the loopback server and writes the configuration and its data.</summary>
    public static async Task<ChatPromptWorld> StartAsync(int budget = 80) =>
        new(await LoopbackChatServer.StartAsync(_ => null), budget);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Answer(JsonObject body)
    {
        var messages = body["messages"]!.AsArray();
        if (body["model"]!.GetValue<string>() == "reflection-model")
        {
            var prompt = Text(messages[^1]!);
            var rules = Math.Min(6, CountRules(prompt) + 1);
            return "```\nAnswer the question. " + string.Join(' ', Enumerable.Range(1, rules).Select(r => $"Rule{r}")) + "\n```";
        }

        var system = Text(messages[0]!);
        var question = System.Text.RegularExpressions.Regex.Match(Text(messages[^1]!), @"Q(\d+)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        var i = int.Parse(question.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return system.Contains($"Rule{(i % 5) + 1}", StringComparison.Ordinal) ? $"A{i}" : "no idea";
    }

    private static int CountRules(string text)
    {
        var count = 0;
        for (var r = 1; r <= 6; r++)
        {
            if (text.Contains($"Rule{r}", StringComparison.Ordinal))
            {
                count = r;
            }
        }

        return count;
    }

    private static string Text(JsonNode message) => message["content"] switch
    {
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        { } c => c.GetValue<string>(),
        _ => "",
    };
}
