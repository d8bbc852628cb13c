using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using AIEvaluationContext = Microsoft.Extensions.AI.Evaluation.EvaluationContext;

namespace Gepa.Cli.Tests.Running;

/// <summary>A user's own Microsoft.Extensions.AI.Evaluation evaluator, as <c>metric.name: evaluator</c> loads one from an
/// assembly: it rates a reply 1 when it hedges and 5 otherwise, with its reason.</summary>
public sealed class CertaintyEvaluator : IEvaluator
{
    /// <summary>The metric it returns.</summary>
    public const string MetricName = "Certainty";

    /// <inheritdoc/>
    public IReadOnlyCollection<string> EvaluationMetricNames => [MetricName];

    /// <inheritdoc/>
    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null, IEnumerable<AIEvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        var hedges = modelResponse.Text.Contains("not sure", StringComparison.OrdinalIgnoreCase);
        var metric = new NumericMetric(MetricName, hedges ? 1 : 5, hedges ? "The reply hedges instead of naming the city." : "The reply names a city.");
        return ValueTask.FromResult(new EvaluationResult(metric));
    }
}

/// <summary>A public type that is not an evaluator, for the error a wrong <c>metric.parameters.type</c> gets.</summary>
public sealed class NotAnEvaluator;
