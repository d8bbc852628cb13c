using Gepa.Tests.Engine.Golden;
using Microsoft.Extensions.AI;

namespace Gepa.Tests.Proposal;

/// <summary>The golden toy adapter and reflection model behind random delays, so that concurrent proposals finish in
/// an order that changes from run to run.</summary>
internal sealed class JitteredToyWorld(int jitterSeed)
{
    private readonly Random _jitter = new(jitterSeed);
    private readonly Lock _gate = new();

    public ToyAdapter Toy { get; } = new(false);

    public ToyReflectionChatClient Reflection { get; } = new(false);

    public IGepaAdapter<ToyExample> Adapter => new Delayed(this);

    public IChatClient ReflectionClient => new DelayedChat(this);

    private async Task DelayAsync(CancellationToken ct)
    {
        int ms;
        lock (_gate)
        {
            ms = _jitter.Next(0, 4);
        }

        await Task.Delay(ms, ct);
    }

    private sealed class Delayed(JitteredToyWorld world) : IGepaAdapter<ToyExample>
    {
        public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<ToyExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
        {
            await world.DelayAsync(cancellationToken);
            lock (world._gate)
            {
                return world.Toy.EvaluateAsync(batch, candidate, captureTraces, cancellationToken).AsTask().Result;
            }
        }

        public async ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<ToyExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
        {
            await world.DelayAsync(cancellationToken);
            return await world.Toy.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);
        }
    }

    private sealed class DelayedChat(JitteredToyWorld world) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await world.DelayAsync(cancellationToken);
            lock (world._gate)
            {
                return world.Reflection.GetResponseAsync(messages, options, cancellationToken).Result;
            }
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
