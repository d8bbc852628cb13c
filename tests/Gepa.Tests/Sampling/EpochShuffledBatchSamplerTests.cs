using Gepa.Strategies;

namespace Gepa.Tests.Sampling;

public sealed class EpochShuffledBatchSamplerTests
{
    [Fact]
    public void Next_OneEpoch_CoversEveryExampleOnceAndPadsWithTheLastShuffled()
    {
        var sampler = new EpochShuffledBatchSampler(3, new PythonRandom(0));

        var batches = Enumerable.Range(0, 4).Select(i => sampler.Next(10, i)).ToList();

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(12, all.Count);
        Assert.Equal(Enumerable.Range(0, 10), all.Distinct().Order());

        // Padding repeats the least frequent ids, the last-shuffled first, as Python's Counter.most_common()[::-1].
        Assert.Equal(all[9], all[10]);
        Assert.Equal(all[8], all[11]);
    }

    [Fact]
    public void Next_SecondEpoch_ReshufflesWithANewOrder()
    {
        var sampler = new EpochShuffledBatchSampler(2, new PythonRandom(1));
        var first = Enumerable.Range(0, 3).SelectMany(i => sampler.Next(6, i)).ToList();

        var second = Enumerable.Range(3, 3).SelectMany(i => sampler.Next(6, i)).ToList();

        Assert.Equal(first.Order(), second.Order());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Next_SkippedIteration_SkipsItsChunk()
    {
        // The reference indexes minibatches by the global iteration, so an iteration spent on a merge skips a chunk.
        var a = new EpochShuffledBatchSampler(2, new PythonRandom(5));
        var b = new EpochShuffledBatchSampler(2, new PythonRandom(5));
        _ = a.Next(8, 0);
        _ = b.Next(8, 0);
        _ = a.Next(8, 1);

        Assert.Equal(a.Next(8, 2), b.Next(8, 2));
    }

    [Fact]
    public void Next_RepeatedInOneIteration_ReturnsTheFollowingChunks()
    {
        // Several proposals of one iteration each get their own minibatch: the chunks after the iteration's own.
        var a = new EpochShuffledBatchSampler(2, new PythonRandom(5));
        var b = new EpochShuffledBatchSampler(2, new PythonRandom(5));

        var first = a.Next(8, 1);
        var second = a.Next(8, 1);
        _ = b.Next(8, 0);

        Assert.Equal(b.Next(8, 1), first);
        Assert.Equal(b.Next(8, 2), second);
    }
}
