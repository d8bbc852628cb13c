using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa.Tests.Engine.Golden;

/// <summary>The toy reflection model of golden/README.md, recording every prompt.</summary>
public sealed partial class ToyReflectionChatClient(bool replace) : IChatClient
{
    public List<string> Prompts { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        Prompts.Add(prompt);
        var current = CurrentText().Match(prompt).Groups[1].Value;
        var missing = MissingWord().Match(prompt);
        string proposed;
        if (!missing.Success)
        {
            proposed = current;
        }
        else if (replace)
        {
            proposed = current.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0] + " " + missing.Groups[1].Value;
        }
        else
        {
            proposed = (current + " " + missing.Groups[1].Value).Trim();
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Here you go:\n```\n" + proposed + "\n```\n")));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    [GeneratedRegex("```\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CurrentText();

    [GeneratedRegex(@"MISSING:(\w+)")]
    private static partial Regex MissingWord();
}
