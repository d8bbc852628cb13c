using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Cli.Configuration;
using Gepa.MultiHop;
using Gepa.Programs;

namespace Gepa.Cli.Running;

/// <summary>Scores a declared pipeline: the configured chat metric on its output (score and program-level feedback),
/// retrieval recall when gold titles are known, and per-step feedback from the <c>pipeline.feedback</c> templates.</summary>
internal sealed class PipelineMetric(PipelineConfig pipeline, IChatMetric metric, IReadOnlyDictionary<string, string> corpus)
{
    /// <summary>The placeholders a feedback template may use besides the example's fields.</summary>
    public static readonly IReadOnlyList<string> FeedbackPlaceholders =
        ["score", "output", "gold_answer", "metric_feedback", "found_titles", "missing_titles", "missing_passages", "queries", "supporting_facts"];

    private const int MaxPassageChars = 400;

    /// <summary>Scores one rollout.</summary>
    /// <param name="example">The example.</param>
    /// <param name="result">The pipeline's result.</param>
    /// <param name="trace">The trace (unused: everything needed is in the result).</param>
    /// <param name="context">Whether feedback is wanted.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The score.</returns>
    public async ValueTask<ProgramScore> ScoreAsync(ChatExample example, PipelineResult result, ProgramTrace trace, MetricContext context, CancellationToken cancellationToken)
    {
        var scored = await metric.ScoreAsync(example, result.Output, cancellationToken);
        var score = ProgramScore.Of(scored.Score, context.WantsFeedback ? scored.Feedback : null).WithObjective("score", scored.Score);
        var gold = pipeline.GoldTitlesField is { } field ? Strings(example, field) : null;
        if (gold is not null)
        {
            score = score.WithObjective(MultiHopMetric.RecallObjective, MultiHopMetric.Recall(gold, result.RetrievedTitles));
        }

        if (!context.WantsFeedback)
        {
            return score;
        }

        var variables = PipelineProgram.Initial(example, "input");
        var missing = gold?.Where(t => !result.RetrievedTitles.Contains(t)).ToList() ?? [];
        variables["score"] = scored.Score.ToString("0.###", CultureInfo.InvariantCulture);
        variables["output"] = result.Output;
        variables["gold_answer"] = example.Answer ?? string.Empty;
        variables["metric_feedback"] = scored.Feedback;
        variables["found_titles"] = List(gold?.Where(result.RetrievedTitles.Contains).ToList() ?? []);
        variables["missing_titles"] = List(missing);
        variables["missing_passages"] = missing.Count == 0 ? "none" : string.Join("\n", missing.Select(t => $"{t} | {Clip(corpus.GetValueOrDefault(t, string.Empty))}"));
        variables["queries"] = List([.. result.Queries.Select(q => $"'{q}'")]);
        variables["supporting_facts"] = pipeline.SupportingFactsField is { } facts ? string.Join(" ", Strings(example, facts) ?? []) : string.Empty;
        foreach (var (step, template) in pipeline.Feedback)
        {
            score = score.For(step, PipelineTemplate.Expand(template, variables));
        }

        return score;
    }

    /// <summary>Reads a field holding a JSON array of strings (or of objects with a <c>sentence</c>).</summary>
    /// <param name="example">The example.</param>
    /// <param name="field">The field.</param>
    /// <returns>The strings, or <see langword="null"/> when the example has no such field.</returns>
    /// <exception cref="FormatException">The field is not such an array.</exception>
    public static List<string>? Strings(ChatExample example, string field)
    {
        if (!example.Fields.TryGetValue(field, out var raw))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(raw) is JsonArray array
                ? [.. array.Select(n => n switch
                {
                    JsonValue v => v.GetValue<string>(),
                    JsonObject o => o["sentence"]?.GetValue<string>() ?? throw new FormatException("an entry has no sentence"),
                    _ => throw new FormatException("an entry is neither text nor {title, sentence}"),
                })]
                : throw new FormatException("it is not a JSON array");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException($"it is not a JSON array of strings: {e.Message}", e);
        }
    }

    private static string List(List<string> items) => items.Count == 0 ? "none" : string.Join("; ", items);

    private static string Clip(string text) => text.Length > MaxPassageChars ? text[..MaxPassageChars] + "…" : text;
}
