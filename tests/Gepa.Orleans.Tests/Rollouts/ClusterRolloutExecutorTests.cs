namespace Gepa.Orleans.Tests.Rollouts;

public sealed class ClusterRolloutExecutorTests
{
    [Theory]
    [InlineData(3, 5, 32, 1, "0+3")]
    [InlineData(3, 5, 32, 3, "0+1 1+1 2+1")]
    [InlineData(3, 5, 32, 4, "0+1 1+1 2+1")]
    [InlineData(7, 5, 32, 2, "0+4 4+3")]
    [InlineData(12, 5, 32, 1, "0+4 4+4 8+4")]
    [InlineData(12, 5, 32, 4, "0+3 3+3 6+3 9+3")]
    [InlineData(10, 5, 2, 1, "0+2 2+2 4+2 6+2 8+2")]
    [InlineData(1, 5, 32, 3, "0+1")]
    public void Chunks_RequestCutIntoOrderedPiecesOfAtMostBatchSizeAndOnePerSilo_CoversEveryExampleOnce(int count, int batchSize, int maxInFlight, int silos, string expected)
    {
        var chunks = ClusterRolloutExecutor<int>.Chunks(count, batchSize, maxInFlight, silos);

        Assert.Equal(expected, string.Join(' ', chunks.Select(c => $"{c.Start}+{c.Count}")));
        Assert.Equal(count, chunks.Sum(c => c.Count));
    }
}
