using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Timeout;

namespace Gepa;

/// <summary>A chat-client stage that fails a call with <see cref="TimeoutException"/> when it takes longer than a limit.</summary>
/// <remarks>Place it inside <see cref="GepaRetryChatClient"/> so that each attempt gets the full time and a timed-out
/// attempt is retried. Cancellation by the caller is passed through as cancellation, not as a timeout. A call is timed by
/// Polly's timeout strategy; a stream, which Polly cannot wrap, by a token that expires at the same limit.</remarks>
public sealed class GepaTimeoutChatClient : DelegatingChatClient
{
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Initializes a new timeout stage.</summary>
    /// <param name="innerClient">The client whose calls are timed.</param>
    /// <param name="timeout">The longest a call may take.</param>
    /// <param name="timeProvider">The time source, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public GepaTimeoutChatClient(IChatClient innerClient, TimeSpan timeout, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }.AddTimeout(timeout).Build();
    }

    /// <summary>Gets the longest a call may take.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    try
                    {
                        return await state.Inner.GetResponseAsync(state.Messages, state.Options, ct);
                    }
                    catch (Exception e) when (ct.IsCancellationRequested && e is IOException or HttpRequestException or TimeoutException)
                    {
                        // A transport torn down by the expiring token is the timeout too; Polly recognises it as cancellation.
                        throw new OperationCanceledException(e.Message, e, ct);
                    }
                },
                (Inner: InnerClient, Messages: messages, Options: options),
                cancellationToken);
        }
        catch (TimeoutRejectedException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw CreateTimeout(e);
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The limit covers the whole stream, from the request to the last update.
        using var timeoutCts = new CancellationTokenSource(Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        await using var e = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await e.MoveNextAsync())
                {
                    yield break;
                }

                update = e.Current;
            }
            catch (Exception ex) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException or TimeoutException)
            {
                throw CreateTimeout(ex);
            }

            yield return update;
        }
    }

    private TimeoutException CreateTimeout(Exception inner) =>
        new($"The model did not answer within {Timeout.TotalSeconds:0.###} s (the configured timeout).", inner);
}
