using Microsoft.Extensions.AI;

namespace Gepa.Tests.Chat;

/// <summary>A hand-written fake: each call runs <see cref="OnCall"/>; counts calls and the peak of concurrent calls.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private int _inFlight;
    private int _calls;
    private int _maxInFlight;

    public Func<int, IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> OnCall { get; set; } =
        (_, _, _, _) => Task.FromResult(Reply("ok"));

    public int Calls => Volatile.Read(ref _calls);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public List<ChatOptions?> SeenOptions { get; } = [];

    public static ChatResponse Reply(string text, long input = 10, long output = 5, ChatFinishReason? finish = null) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
            FinishReason = finish ?? ChatFinishReason.Stop,
        };

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var n = Interlocked.Increment(ref _calls) - 1;
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        lock (SeenOptions)
        {
            SeenOptions.Add(options);
        }

        try
        {
            return await OnCall(n, messages, options, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
