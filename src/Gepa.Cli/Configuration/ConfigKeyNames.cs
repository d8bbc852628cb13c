namespace Gepa.Cli.Configuration;

/// <summary>Translates <c>GepaOptions</c> property names in engine messages into the configuration keys users write.</summary>
internal static class ConfigKeyNames
{
    private static readonly (string Option, string Key)[] Map =
    [
        ("BudgetPolicy.Fixed", "budget.policy: fixed"),
        ("Adaptive.FocusedFailures", "budget.focus.failures"),
        ("Adaptive.MinibatchGuards", "budget.focus.guards"),
        ("Adaptive.MinFirstStage", "budget.race.min-first-stage"),
        ("Adaptive.MaxFirstStage", "budget.race.max-first-stage"),
        ("Adaptive.InitialFirstStage", "budget.race.initial-first-stage"),
        ("Adaptive.TargetDisagreements", "budget.race.target-disagreements"),
        ("Adaptive.StageGrowth", "budget.race.stage-growth"),
        ("Adaptive.LossConfidence", "budget.race.loss-confidence"),
        ("Adaptive.WinConfidence", "budget.race.win-confidence"),
        ("Adaptive.TieLimit", "budget.race.tie-limit"),
        ("Adaptive.MovementSmoothing", "budget.race.movement-smoothing"),
        ("Adaptive.BanditExploration", "budget.bandit.exploration"),
        ("Adaptive.BanditDiscount", "budget.bandit.discount"),
        ("Adaptive.MergeDiversityThreshold", "budget.merge.diversity-threshold"),
        ("Adaptive.MaxMergeBudgetShare", "budget.merge.max-budget-share"),
        ("MaxMergeInvocations", "engine.merge.max-invocations"),
        ("MergeValOverlapFloor", "engine.merge.val-overlap-floor"),
        ("MaxMetricCalls", "engine.max-metric-calls"),
        ("MinibatchSize", "engine.minibatch-size"),
        ("MaxConsecutiveFailures", "engine.max-consecutive-failures"),
        ("MaxIdleIterations", "engine.max-idle-iterations"),
        ("MaxIterations", "engine.max-iterations"),
        ("ReflectionRetries", "engine.reflection-retries"),
        ("ReflectionRetryDelay", "engine.reflection-retry-delay"),
        ("ReflectionPromptTemplate", "engine.reflection-template-file"),
        ("ComponentReflectionPromptTemplates", "engine.reflection-template-files"),
        ("PerfectScore", "engine.perfect-score"),
        ("FrontierType", "engine.frontier"),
        ("Epsilon", "engine.epsilon"),
        ("TopK", "engine.top-k"),
    ];

    /// <summary>Replaces option names in <paramref name="message"/> with configuration keys.</summary>
    /// <param name="message">The engine's message.</param>
    /// <returns>The message in the configuration's words.</returns>
    public static string FromOptionNames(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var (option, key) in Map)
        {
            message = message.Replace(option, key, StringComparison.Ordinal);
        }

        // ArgumentException appends " (Parameter 'X')"; the key is already named.
        var i = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i >= 0 ? message[..i] : message;
    }
}
