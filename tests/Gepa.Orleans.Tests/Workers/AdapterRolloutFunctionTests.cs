using Gepa.Orleans.Tests.TestUtilities;
using Gepa.Simulation;
using Microsoft.Extensions.AI;

namespace Gepa.Orleans.Tests.Workers;

public sealed class AdapterRolloutFunctionTests
{
    private static readonly ModelPrice s_price = new(2m, 8m);

    [Fact]
    public async Task RunAsync_TaskModelWrappedForUsage_ReportsEachBatchsOwnTokensAndCost()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = ClusterWorld.World;
        // The counter sits under the usage stage and sees every call of both batches; each batch must report only its own.
        var counter = new UsageCountingChatClient(new RuleWorldTaskChatClient(world));
        var adapter = new RuleWorldAdapter(world, new RolloutUsageChatClient(counter, s_price), 4);
        var function = new AdapterRolloutFunction<RuleWorldExample>(adapter, world.Trainset, world.Valset);

        var results = await Task.WhenAll(
            function.RunAsync(Batch([0, 1, 2]), ct),
            function.RunAsync(Batch([3, 4, 5, 6, 7, 8]), ct));

        Assert.All(results, r => Assert.True(r.InputTokens > 0 && r.OutputTokens > 0));
        Assert.Equal(counter.InputTokens, results.Sum(r => r.InputTokens));
        Assert.Equal(counter.OutputTokens, results.Sum(r => r.OutputTokens));
        Assert.True(results[1].InputTokens > results[0].InputTokens, "the larger batch must report more input tokens");
        Assert.All(results, r => Assert.Equal(s_price.CostOf(r.InputTokens, r.OutputTokens), r.CostUsd, 6));
    }

    [Fact]
    public async Task RunAsync_TaskModelNotWrapped_ReportsNoUsage()
    {
        var world = ClusterWorld.World;
        var function = new AdapterRolloutFunction<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), 1), world.Trainset, world.Valset);

        var result = await function.RunAsync(Batch([0]), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.InputTokens);
        Assert.Equal(0m, result.CostUsd);
    }

    private static RolloutBatchRequest Batch(int[] ids) => new()
    {
        RunId = "r",
        Function = "f",
        Components = ClusterWorld.World.SeedCandidate().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        Split = "train",
        ExampleIds = ids,
        Keys = [.. ids.Select(i => $"r|0|minibatch|h|train|{i}|0")],
    };

    private sealed class UsageCountingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        private long _input;
        private long _output;

        public long InputTokens => Interlocked.Read(ref _input);

        public long OutputTokens => Interlocked.Read(ref _output);

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            Interlocked.Add(ref _input, response.Usage?.InputTokenCount ?? 0);
            Interlocked.Add(ref _output, response.Usage?.OutputTokenCount ?? 0);
            return response;
        }
    }
}
