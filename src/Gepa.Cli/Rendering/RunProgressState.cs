namespace Gepa.Cli.Rendering;

/// <summary>The counters the progress display shows, updated from the engine's callbacks (possibly concurrently).</summary>
internal sealed class RunProgressState
{
    private int _rollouts;
    private int _iteration;
    private int _accepted;
    private int _tried;
    private long _bestScoreBits = BitConverter.DoubleToInt64Bits(double.NaN);

    /// <summary>Gets the rollout budget.</summary>
    public int? Budget { get; init; }

    /// <summary>Gets the rollouts used.</summary>
    public int Rollouts => Volatile.Read(ref _rollouts);

    /// <summary>Gets the current iteration.</summary>
    public int Iteration => Volatile.Read(ref _iteration);

    /// <summary>Gets the proposals accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Gets the proposals tried.</summary>
    public int Tried => Volatile.Read(ref _tried);

    /// <summary>Gets the best validation score so far (NaN before the seed is scored).</summary>
    public double BestScore => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bestScoreBits));

    /// <summary>Records the rollouts used.</summary>
    /// <param name="used">The total used.</param>
    /// <remarks>Only ever raises the count: the proposals of one iteration spend concurrently, so their budget events can
    /// arrive out of order.</remarks>
    public void SetRollouts(int used)
    {
        var seen = Volatile.Read(ref _rollouts);
        while (used > seen && Interlocked.CompareExchange(ref _rollouts, used, seen) is var was && was != seen)
        {
            seen = was;
        }
    }

    /// <summary>Records the iteration that started.</summary>
    /// <param name="iteration">The iteration.</param>
    public void SetIteration(int iteration) => Volatile.Write(ref _iteration, iteration);

    /// <summary>Starts the counters from a resumed run's saved state.</summary>
    /// <param name="rollouts">The rollouts spent.</param>
    /// <param name="iteration">The last iteration.</param>
    /// <param name="bestScore">The best validation score.</param>
    /// <param name="accepted">The proposals accepted.</param>
    /// <param name="tried">The proposals tried.</param>
    public void Restore(int rollouts, int iteration, double bestScore, int accepted, int tried)
    {
        SetRollouts(rollouts);
        SetIteration(iteration);
        OfferScore(bestScore);
        Volatile.Write(ref _accepted, accepted);
        Volatile.Write(ref _tried, tried);
    }

    /// <summary>Takes the proposal counts from the engine's checkpoint, the same counters <c>summary.json</c> and the final
    /// summary read, so the live and final numbers cannot disagree (a proposal identical to a pool candidate is rejected
    /// without being evaluated, and a merge is not a proposal: neither is "tried").</summary>
    /// <param name="accepted">The proposals accepted.</param>
    /// <param name="tried">The proposals evaluated on a minibatch.</param>
    public void SetProposals(int accepted, int tried)
    {
        Volatile.Write(ref _accepted, accepted);
        Volatile.Write(ref _tried, tried);
    }

    /// <summary>Records a validation score, keeping the best.</summary>
    /// <param name="score">The score.</param>
    public void OfferScore(double score)
    {
        while (true)
        {
            var bits = Interlocked.Read(ref _bestScoreBits);
            var current = BitConverter.Int64BitsToDouble(bits);
            if (!double.IsNaN(current) && current >= score)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _bestScoreBits, BitConverter.DoubleToInt64Bits(score), bits) == bits)
            {
                return;
            }
        }
    }
}
