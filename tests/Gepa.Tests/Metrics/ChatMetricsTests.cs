using Xunit;

namespace Gepa.Tests.Metrics;

public sealed class ChatMetricsTests
{
    [Fact]
    public void Factories_ReturnTheDocumentedMetricTypes()
    {
        Assert.IsType<ContainsMetric>(ChatMetrics.Contains());
        Assert.IsType<ExactMatchMetric>(ChatMetrics.Exact());
        Assert.IsType<RegexMetric>(ChatMetrics.Regex("x"));
        Assert.IsType<NumericMatchMetric>(ChatMetrics.Numeric());
        Assert.IsType<TokenF1Metric>(ChatMetrics.F1());
        Assert.IsType<JsonFieldMetric>(ChatMetrics.JsonField("a"));
        Assert.IsType<LlmJudgeMetric>(ChatMetrics.LlmJudge(FakeChatClient.Replying("x")));
    }

    [Fact]
    public async Task FromDelegate_Sync_PassesExampleAndResponse()
    {
        var metric = ChatMetrics.FromDelegate((example, response) => new MetricResult(response.Length, $"{example.Id}:{response}"));

        var result = await metric.ScoreAsync(new ChatExample("e", "q"), "abc", TestContext.Current.CancellationToken);

        Assert.Equal(new MetricResult(3, "e:abc"), result);
    }

    [Fact]
    public async Task FromDelegate_Async_ReceivesTheCancellationToken()
    {
        using var cts = new CancellationTokenSource();
        CancellationToken seen = default;
        var metric = ChatMetrics.FromDelegate((_, _, token) =>
        {
            seen = token;
            return ValueTask.FromResult(new MetricResult(1, "ok"));
        });

        await metric.ScoreAsync(new ChatExample("e", "q"), "r", cts.Token);

        Assert.Equal(cts.Token, seen);
    }
}
