using Microsoft.Extensions.AI.Evaluation;
using AIEvaluationContext = Microsoft.Extensions.AI.Evaluation.EvaluationContext;

namespace Gepa;

/// <summary>How an <see cref="IEvaluator"/> becomes a GEPA metric: which of its metrics is the score, how a numeric value
/// maps onto 0 to 1, and what the evaluator is given besides the example and the response.</summary>
public sealed class EvaluatorMetricOptions
{
    /// <summary>Gets or sets the chat configuration for evaluators that call a model (the Quality evaluators); <see langword="null"/>
    /// for evaluators that do not.</summary>
    public ChatConfiguration? ChatConfiguration { get; set; }

    /// <summary>Gets or sets the metric whose value is the score; <see langword="null"/> for the evaluator's first metric name.</summary>
    public string? MetricName { get; set; }

    /// <summary>Gets or sets the numeric value that maps to score 0 (1 for the Quality evaluators' 1 to 5 scale).</summary>
    public double NumericMin { get; set; } = 1;

    /// <summary>Gets or sets the numeric value that maps to score 1 (5 for the Quality evaluators' 1 to 5 scale).</summary>
    public double NumericMax { get; set; } = 5;

    /// <summary>Gets or sets the additional context an example gives the evaluator (grounding text, a reference answer);
    /// <see langword="null"/> for none.</summary>
    public Func<ChatExample, IEnumerable<AIEvaluationContext>>? Context { get; set; }

    /// <summary>Checks every option and throws naming the one that is wrong.</summary>
    /// <exception cref="ArgumentException">NumericMax is not above NumericMin, or either is not finite.</exception>
    public void Validate()
    {
        if (!double.IsFinite(NumericMin) || !double.IsFinite(NumericMax) || NumericMax <= NumericMin)
        {
            throw new ArgumentException($"EvaluatorMetricOptions.NumericMax ({NumericMax}) must be a finite number above NumericMin ({NumericMin}).", nameof(NumericMax));
        }
    }
}
