using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using AIEvaluationContext = Microsoft.Extensions.AI.Evaluation.EvaluationContext;

namespace Gepa;

/// <summary>Uses any Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/> (relevance, coherence, groundedness, or
/// your own) as a GEPA metric: the chosen numeric metric, scaled to 0 to 1, or boolean metric (1 or 0) is the score, and
/// every metric's value, rating, reason and diagnostics become the feedback the reflection model reads.</summary>
/// <remarks>The evaluator sees the example as the user message (<see cref="ChatPromptAdapter.BuildUserMessage"/>) and the
/// response as the assistant's reply; the candidate's system prompt is not shown to it. An evaluator that returns no
/// usable value for the chosen metric (an error diagnostic, a missing metric) makes the metric fail for that example,
/// rather than scoring it 0: a judge that could not judge says nothing about the candidate.</remarks>
public sealed class EvaluatorMetric : IChatMetric
{
    private readonly IEvaluator _evaluator;
    private readonly EvaluatorMetricOptions _options;
    private readonly string _metricName;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="evaluator">The evaluator.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The evaluator names no metric and none is chosen, or the options are invalid.</exception>
    public EvaluatorMetric(IEvaluator evaluator, EvaluatorMetricOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        _options = options ?? new EvaluatorMetricOptions();
        _options.Validate();
        _evaluator = evaluator;
        _metricName = _options.MetricName ?? evaluator.EvaluationMetricNames.FirstOrDefault()
            ?? throw new ArgumentException($"{evaluator.GetType().Name} names no evaluation metric; set EvaluatorMetricOptions.MetricName.", nameof(evaluator));
    }

    /// <inheritdoc/>
    public async ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        ChatMessage[] messages = [new(ChatRole.User, ChatPromptAdapter.BuildUserMessage(example))];
        var result = await _evaluator.EvaluateAsync(
            messages,
            new ChatResponse(new ChatMessage(ChatRole.Assistant, response)),
            _options.ChatConfiguration,
            _options.Context?.Invoke(example),
            cancellationToken);
        if (!result.Metrics.TryGetValue(_metricName, out var chosen))
        {
            throw new InvalidOperationException($"{_evaluator.GetType().Name} returned no '{_metricName}' metric for example '{example.Id}' (it returned: {string.Join(", ", result.Metrics.Keys)}).");
        }

        var score = chosen switch
        {
            NumericMetric { Value: { } v } when double.IsFinite(v) => Math.Clamp((v - _options.NumericMin) / (_options.NumericMax - _options.NumericMin), 0, 1),
            BooleanMetric { Value: { } b } => b ? 1.0 : 0.0,
            _ => throw new InvalidOperationException($"{_evaluator.GetType().Name} gave no value for '{_metricName}' on example '{example.Id}'" + Diagnostics(chosen, EvaluationDiagnosticSeverity.Error, " (", ")") + "."),
        };
        var feedback = new StringBuilder();
        foreach (var metric in result.Metrics.Values.OrderBy(m => m.Name == _metricName ? 0 : 1))
        {
            if (feedback.Length > 0)
            {
                feedback.Append(' ');
            }

            feedback.Append(Describe(metric));
        }

        return new MetricResult(score, feedback.ToString());
    }

    private static string Describe(EvaluationMetric metric)
    {
        var value = metric switch
        {
            NumericMetric { Value: { } v } => v.ToString("0.###", CultureInfo.InvariantCulture),
            BooleanMetric { Value: { } b } => b ? "yes" : "no",
            StringMetric { Value: { } s } => s,
            _ => "no value",
        };
        var text = new StringBuilder($"{metric.Name}: {value}");
        if (metric.Interpretation is { } interpretation)
        {
            text.Append(" (").Append(interpretation.Rating.ToString().ToLowerInvariant()).Append(interpretation.Failed ? ", failed" : "").Append(')');
        }

        text.Append('.');
        if (!string.IsNullOrWhiteSpace(metric.Reason))
        {
            text.Append(' ').Append(metric.Reason.Trim().TrimEnd('.')).Append('.');
        }

        if (metric.Interpretation?.Reason is { Length: > 0 } why)
        {
            text.Append(' ').Append(why.Trim().TrimEnd('.')).Append('.');
        }

        text.Append(Diagnostics(metric, EvaluationDiagnosticSeverity.Warning, " ", ""));
        return text.ToString();
    }

    private static string Diagnostics(EvaluationMetric metric, EvaluationDiagnosticSeverity atLeast, string open, string close)
    {
        var messages = (metric.Diagnostics ?? []).Where(d => d.Severity >= atLeast).Select(d => d.Message.Trim().TrimEnd('.')).ToList();
        return messages.Count == 0 ? "" : open + string.Join("; ", messages) + (close.Length == 0 ? "." : close);
    }
}
