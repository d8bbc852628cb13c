using Gepa;
using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Tests.Docs;

/// <summary>The C# example in README.md compiles (it is copied below, line for line) and improves a prompt.</summary>
public sealed class ReadmeExampleTests
{
    // ---- README example: begin (must match the ```csharp block of README.md) ----
    static async Task<Candidate> ImproveAsync(IChatClient taskModel, IChatClient reflectionModel,
        IReadOnlyList<ChatExample> train, IReadOnlyList<ChatExample> val)
    {
        // The system being optimized: the candidate's system prompt plus each example's input, scored by a metric.
        var adapter = new ChatPromptAdapter(taskModel, ChatMetrics.Contains(ignoreCase: true));
        var options = new GepaOptions { MaxMetricCalls = 300 };   // the budget, in rollouts (metric calls)
        var optimizer = new GepaOptimizer<ChatExample>(adapter, reflectionModel, options);

        var seed = new Candidate([new("system_prompt", "You are a helpful assistant.")]);
        GepaResult result = await optimizer.OptimizeAsync(seed, train, val);
        Console.WriteLine($"valset score {result.BestScore:0.00} (seed {result.ValAggregateScores[0]:0.00})");
        return result.BestCandidate;
    }
    // ---- README example: end ----

    private static readonly Dictionary<string, string> Capitals = new(StringComparer.Ordinal)
    {
        ["France"] = "Paris", ["Italy"] = "Rome", ["Spain"] = "Madrid", ["Japan"] = "Tokyo", ["Peru"] = "Lima", ["Chile"] = "Santiago",
    };

    [Fact]
    public async Task ReadmeExample_WithAnyChatClient_FindsABetterPrompt()
    {
        // The task model answers right only when told to name the capital; the reflection model proposes exactly that.
        using var task = new FakeChatClient((messages, _, _) =>
        {
            var system = messages[0].Text;
            var country = Capitals.Keys.First(c => messages[^1].Text.Contains(c, StringComparison.Ordinal));
            return Task.FromResult(FakeChatClient.Response(system.Contains("capital", StringComparison.Ordinal) ? Capitals[country] : "I am not sure."));
        });
        using var reflection = FakeChatClient.Replying("```\nName the capital city of the country asked about.\n```");
        ChatExample[] examples = [.. Capitals.Select(c => new ChatExample(c.Key, $"Capital of {c.Key}?", c.Value))];

        var best = await ImproveAsync(task, reflection, examples[..3], examples[3..]);

        Assert.Equal("Name the capital city of the country asked about.", best["system_prompt"]);
    }

    [Fact]
    public void Readme_CSharpBlock_IsTheCodeAbove()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "README.md")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var readme = File.ReadAllText(Path.Combine(root.FullName, "README.md")).Replace("\r", "", StringComparison.Ordinal);
        var start = readme.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no ```csharp block");
        start += "```csharp\n".Length;
        var block = readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)];
        var source = File.ReadAllText(Path.Combine(root.FullName, "tests", "Gepa.Tests", "Docs", "ReadmeExampleTests.cs")).Replace("\r", "", StringComparison.Ordinal);
        var begin = source.IndexOf('\n', source.IndexOf("README example: begin", StringComparison.Ordinal));
        var example = source[begin..source.IndexOf("// ---- README example: end", StringComparison.Ordinal)];

        static string[] Lines(string text) => [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("// ----", StringComparison.Ordinal))];
        var expected = Lines(example);
        var actual = Lines(block);
        Assert.Equal(expected, actual.Where(l => !l.StartsWith("//", StringComparison.Ordinal) || expected.Contains(l)));
        Assert.Contains("using Gepa;", block, StringComparison.Ordinal);
        Assert.Contains("using Microsoft.Extensions.AI;", block, StringComparison.Ordinal);
    }
}
