namespace Gepa.Cli.Tests.Loopback;

/// <summary>What the loopback server answers to one request.</summary>
public sealed record FakeReply
{
    public string Text { get; init; } = "ok";

    public string FinishReason { get; init; } = "stop";

    public int Status { get; init; } = 200;

    public string? RetryAfter { get; init; }

    /// <summary>The body of an error reply; a provider may quote the request's key here.</summary>
    public string? ErrorBody { get; init; }

    public TimeSpan Delay { get; init; }

    public bool Malformed { get; init; }

    public int PromptTokens { get; init; } = 11;

    public int CompletionTokens { get; init; } = 7;

    public static FakeReply Ok(string text) => new() { Text = text };

    public static FakeReply Truncated(string text) => new() { Text = text, FinishReason = "length" };

    public static FakeReply Error(int status, string? retryAfter = null) => new() { Status = status, RetryAfter = retryAfter };

    public static FakeReply Slow(TimeSpan delay, string text = "slow") => new() { Delay = delay, Text = text };

    public static FakeReply BadJson() => new() { Malformed = true };
}
