using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using AIEvaluationContext = Microsoft.Extensions.AI.Evaluation.EvaluationContext;

namespace Gepa.AIEvaluation.Tests;

/// <summary>An evaluator that returns what the test scripts from the response and records what it was given.</summary>
internal sealed class FakeEvaluator(Func<string, EvaluationResult> evaluate, params string[] names) : IEvaluator
{
    public IReadOnlyCollection<string> EvaluationMetricNames => names;

    public List<(IReadOnlyList<ChatMessage> Messages, string Response, ChatConfiguration? Configuration, IReadOnlyList<AIEvaluationContext> Context)> Calls { get; } = [];

    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null, IEnumerable<AIEvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        Calls.Add(([.. messages], modelResponse.Text, chatConfiguration, [.. additionalContext ?? []]));
        return ValueTask.FromResult(evaluate(modelResponse.Text));
    }
}
