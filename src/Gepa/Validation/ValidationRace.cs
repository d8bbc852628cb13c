namespace Gepa;

/// <summary>The decisions of adaptive validation: how many validation examples each racing stage scores a new
/// candidate on, in which order, and when a candidate has lost.</summary>
/// <remarks>
/// <para>A new candidate (the challenger) is raced against the incumbent: the best fully evaluated candidate, the
/// only one whose title of "best" it could take. Stage sizes follow successive halving: a first stage, then the
/// evaluated part grows by <see cref="AdaptiveBudgetOptions.StageGrowth"/> until the whole valset is scored. After each
/// stage the race reads the paired differences on the examples scored so far; the challenger is stopped when its net
/// loss exceeds <see cref="AdaptiveBudgetOptions.LossConfidence"/> standard errors of a sign test (for 0/1 scores,
/// exactly the sign test on the examples where the two disagree). A challenger that never disagrees with the
/// incumbent is never stopped on evidence it does not have: it runs on until the evidence exists or the valset is
/// done.</para>
/// <para>Every race uses the same order of the validation examples, drawn once from the run's seed, so that partially
/// evaluated candidates share their first examples: they can be compared, merged and put on the same front keys.</para>
/// </remarks>
internal static class ValidationRace
{
    // Salts the racing order's random source so that it is independent of the engine's own stream, which stays the
    // reference's call for call; the order is derived, not stored, so a resumed run sees the same one.
    private const int OrderSalt = 0x5EED_0A1D;

    /// <summary>The order in which every race scores the validation examples.</summary>
    public static int[] Order(int seed, int valsetSize)
    {
        var order = Enumerable.Range(0, valsetSize).ToList();
        new PythonRandom(seed ^ OrderSalt).Shuffle(order);
        return [.. order];
    }

    /// <summary>The size of the first stage: enough examples to expect <see cref="AdaptiveBudgetOptions.TargetDisagreements"/>
    /// disagreements at the recent disagreement rate, within the configured bounds and the valset.</summary>
    /// <param name="o">The options.</param>
    /// <param name="movement">The moving average of the disagreement rate, or <see langword="null"/> before any race.</param>
    /// <param name="valsetSize">The number of validation examples.</param>
    public static int FirstStageSize(AdaptiveBudgetOptions o, double? movement, int valsetSize)
    {
        var min = Math.Min(o.MinFirstStage, valsetSize);
        var max = Math.Min(Math.Max(o.MaxFirstStage, min), valsetSize);
        double wanted = movement is { } rate
            ? (rate > 0 ? Math.Ceiling(o.TargetDisagreements / rate) : max)
            : o.InitialFirstStage;
        return (int)Math.Clamp(wanted, min, max);
    }

    /// <summary>The number of examples scored once the next stage is done.</summary>
    public static int NextStageSize(AdaptiveBudgetOptions o, int evaluated, int valsetSize) =>
        (int)Math.Min(valsetSize, Math.Max(evaluated + 1, Math.Ceiling(evaluated * o.StageGrowth)));

    /// <summary>Reads the challenger's scores against the incumbent's on the examples both have.</summary>
    /// <param name="challenger">The challenger's validation scores so far.</param>
    /// <param name="incumbent">The incumbent's validation scores.</param>
    /// <param name="confidence">The z beyond which a net loss stops the challenger.</param>
    /// <param name="winConfidence">The z beyond which a net win makes the challenger the winner.</param>
    public static RaceVerdict Judge(IReadOnlyDictionary<int, double> challenger, IReadOnlyDictionary<int, double> incumbent, double confidence, double winConfidence)
    {
        int shared = 0, disagreements = 0;
        double wins = 0, losses = 0, squares = 0;
        foreach (var (id, score) in challenger)
        {
            if (!incumbent.TryGetValue(id, out var other))
            {
                continue;
            }

            shared++;
            var d = score - other;
            if (d != 0)
            {
                disagreements++;
                squares += d * d;
                if (d > 0)
                {
                    wins += d;
                }
                else
                {
                    losses -= d;
                }
            }
        }

        var se = Math.Sqrt(squares);

        // Under "as good as the incumbent", each disagreement is as likely a win as a loss, so the net loss has mean 0
        // and standard deviation se. A net loss beyond z standard errors says the challenger is worse; with no
        // disagreement at all there is no evidence, and the race goes on.
        var canStillWin = !(losses - wins > confidence * se && losses > wins);
        var hasWon = wins - losses > winConfidence * se && wins > losses;
        return new RaceVerdict(shared, disagreements, wins, losses, se, canStillWin, hasWon);
    }
}
