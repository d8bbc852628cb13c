using System.Globalization;
using System.Text.Json;
using Gepa.Strategies;

namespace Gepa;

/// <summary>The settings recorded in a checkpoint: those that decide a run's choices. Operational settings (the
/// budget, retries, stop conditions) may change on resume; these may not.</summary>
internal static class CheckpointSettings
{
    public static Dictionary<string, string> Of(GepaOptions o, Candidate seed, int trainsetSize, int valsetSize)
    {
        static string S(object? v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed candidate"] = seed.ContentHash,
            ["trainset size"] = S(trainsetSize),
            ["valset size"] = S(valsetSize),
            [nameof(o.Seed)] = S(o.Seed),
            [nameof(o.MinibatchSize)] = S(o.MinibatchSize),
            [nameof(o.CandidateSelection)] = S(o.CandidateSelection),
            [nameof(o.Epsilon)] = S(o.Epsilon),
            [nameof(o.TopK)] = S(o.TopK),
            [nameof(o.ComponentSelection)] = S(o.ComponentSelection),
            [nameof(o.AcceptanceCriterion)] = S(o.AcceptanceCriterion),
            [nameof(o.FrontierType)] = S(o.FrontierType),
            [nameof(o.SkipPerfectScore)] = S(o.SkipPerfectScore),
            [nameof(o.PerfectScore)] = S(o.PerfectScore),
            [nameof(o.UseMerge)] = S(o.UseMerge),
            [nameof(o.MaxMergeInvocations)] = S(o.MaxMergeInvocations),
            [nameof(o.MergeValOverlapFloor)] = S(o.MergeValOverlapFloor),
            [nameof(o.CountRejectedMerges)] = S(o.CountRejectedMerges),
            [nameof(o.CacheEvaluation)] = S(o.CacheEvaluation),
            [nameof(o.CacheMinibatchEvaluations)] = S(o.CacheMinibatchEvaluations),
            [nameof(o.DeduplicateCandidates)] = S(o.DeduplicateCandidates),
            [nameof(o.StrictBudget)] = S(o.StrictBudget),
            [nameof(o.ReflectionPromptTemplate)] = Candidate.FromText("t", o.ReflectionPromptTemplate ?? ReflectionPrompt.DefaultTemplate).ContentHash,
            [nameof(o.ComponentReflectionPromptTemplates)] = new Candidate(o.ComponentReflectionPromptTemplates.OrderBy(kv => kv.Key, StringComparer.Ordinal)).ContentHash,
        };
        AdaptiveController.AddSettings(o, settings);

        // Strategies of the user's own are recorded by type; the reference's defaults add nothing, so checkpoints of
        // runs without them keep their settings.
        AddStrategy(settings, nameof(o.CandidateSelector), o.CandidateSelector);
        AddStrategy(settings, nameof(o.ComponentSelector), o.ComponentSelector);
        AddStrategy(settings, nameof(o.BatchSampler), o.BatchSampler);
        AddStrategy(settings, nameof(o.Acceptance), o.Acceptance);
        AddStrategy(settings, nameof(o.Proposer), o.Proposer);
        AddStrategy(settings, nameof(o.EvaluationPolicy), o.EvaluationPolicy is FullEvaluationPolicy ? null : o.EvaluationPolicy);
        AddStrategy(settings, nameof(o.ProposalSampling), o.ProposalSampling is SingleMutationSampling ? null : o.ProposalSampling);
        AddStrategy(settings, nameof(o.ProposalSelection), o.ProposalSelection is AllImprovements ? null : o.ProposalSelection);
        AddStrategy(settings, nameof(o.Validation), o.Validation is RacingValidation or FullValidation { Policy: null } ? null : o.Validation);
        AddStrategy(settings, nameof(o.MergeTrigger), o.MergeTrigger is ScheduledMergeTrigger or DiversityDrivenMergeTrigger ? null : o.MergeTrigger);
        return settings;
    }

    private static void AddStrategy(Dictionary<string, string> settings, string name, object? strategy)
    {
        if (strategy is not null)
        {
            var text = strategy.ToString();
            settings[name] = text == strategy.GetType().ToString() ? strategy.GetType().FullName ?? text : text ?? "";
        }
    }

    public static void EnsureSame(IReadOnlyDictionary<string, string> recorded, IReadOnlyDictionary<string, string> current)
    {
        var differences = recorded.Keys.Union(current.Keys)
            .Where(k => recorded.GetValueOrDefault(k) != current.GetValueOrDefault(k))
            .Select(k => $"'{k}' was {Show(recorded.GetValueOrDefault(k))} and is now {Show(current.GetValueOrDefault(k))}")
            .ToList();
        if (differences.Count > 0)
        {
#pragma warning disable CA2208 // The argument at fault is ResumeAsync's 'checkpoint', which is what the caller passed.
            throw new ArgumentException(
                $"The checkpoint comes from a run with different settings or data, so resuming it would not continue that run: {string.Join("; ", differences)}.",
                "checkpoint");
#pragma warning restore CA2208
        }
    }

    /// <summary>An output as JSON: through the adapter's serializer when it has one, else as System.Text.Json writes it
    /// (or nothing when it cannot).</summary>
    public static JsonElement? ToJson(object? value, IEvaluationSerializer? serializer)
    {
        if (value is null)
        {
            return null;
        }

        if (serializer is not null)
        {
            return serializer.Serialize(value);
        }

        try
        {
            return JsonSerializer.SerializeToElement(value, value.GetType());
        }
#pragma warning disable CA1031 // An output that cannot be written is dropped from the checkpoint; the score is what matters.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static string Show(string? value) => value is null ? "missing" : value.Length > 16 ? $"'{value[..12]}…'" : $"'{value}'";
}
