namespace Gepa.Orleans.Tests.Rollouts;

public sealed class RolloutLedgerTests
{
    [Fact]
    public void TryCommit_SameKeyTwice_CountsOnceAndTheDuplicateAsWasted()
    {
        var ledger = new RolloutLedger();
        ledger.AddExecutions(2);

        Assert.True(ledger.TryCommit("run|1|minibatch|h|train|0|0"));
        Assert.False(ledger.TryCommit("run|1|minibatch|h|train|0|0"));

        Assert.Equal(1, ledger.Rollouts);
        Assert.Equal(1, ledger.Duplicates);
        Assert.Equal(1, ledger.WastedExecutions);
    }

    [Fact]
    public async Task AddExecutionsAsync_ResultsNotBackYet_InFlightAndNotWasted()
    {
        var ledger = new RolloutLedger();
        await ledger.AddExecutionsAsync(3, TestContext.Current.CancellationToken);

        Assert.Equal((3L, 0L), (ledger.InFlight, ledger.WastedExecutions));

        await ledger.TryCommitAsync(["a", "b"], TestContext.Current.CancellationToken);
        ledger.EndExecutions(3);

        Assert.Equal((0L, 1L), (ledger.InFlight, ledger.WastedExecutions));
        Assert.Equal(1, ledger.Snapshot().WastedExecutions);
    }

    [Fact]
    public async Task TryCommit_ConcurrentCommitsOfTheSameKeys_EachKeyCommittedExactlyOnce()
    {
        var ledger = new RolloutLedger();
        var keys = Enumerable.Range(0, 500).Select(i => $"k{i}").ToList();
        var wins = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            foreach (var key in keys)
            {
                if (ledger.TryCommit(key))
                {
                    Interlocked.Increment(ref wins);
                }
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(500, wins);
        Assert.Equal(500, ledger.Rollouts);
        Assert.Equal(1500, ledger.Duplicates);
    }

    [Fact]
    public void AddUsage_SeveralAttempts_SumsTokensAndCostPerAttempt()
    {
        var ledger = new RolloutLedger();
        ledger.AddUsage(100, 20, 0.0015m);
        ledger.AddUsage(50, 5, 0.0005m);

        Assert.Equal(150, ledger.InputTokens);
        Assert.Equal(25, ledger.OutputTokens);
        Assert.Equal(0.002m, ledger.CostUsd);
    }

    [Fact]
    public void Restore_Counters_ForgetsKeysAndKeepsCounters()
    {
        var ledger = new RolloutLedger();
        ledger.TryCommit("a");
        ledger.Restore(new RolloutCounters { Rollouts = 7, Executions = 9, InputTokens = 3 });

        Assert.Equal(7, ledger.Rollouts);
        Assert.Equal(2, ledger.WastedExecutions);
        Assert.False(ledger.IsCommitted("a"));
    }
}
