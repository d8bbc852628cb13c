using System.Text;

namespace Gepa;

/// <summary>Passed to every optimize-anything evaluation: a log the evaluator writes into (shown to the reflection
/// model under <c>log</c>), the best evaluations so far on this example, and the cancellation token.</summary>
/// <remarks>The log is explicit instead of thread-local, so that work the evaluator starts on other threads can
/// write into it too; it is safe to call from several threads.</remarks>
public sealed class EvaluationContext
{
    private readonly StringBuilder _log = new();
    private readonly Lock _lock = new();

    internal EvaluationContext(string? exampleId, OptimizationState state, CancellationToken cancellationToken)
    {
        ExampleId = exampleId;
        State = state;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the id of the example being evaluated, or <see langword="null"/> in single-task mode.</summary>
    public string? ExampleId { get; }

    /// <summary>Gets the best evaluations so far on this example.</summary>
    public OptimizationState State { get; }

    /// <summary>Gets the token that says the run is being cancelled; an evaluator should honour it.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets what was logged so far.</summary>
    public string LogText
    {
        get
        {
            lock (_lock)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Appends a line to the evaluation's log.</summary>
    /// <param name="line">The line.</param>
    public void Log(string line)
    {
        lock (_lock)
        {
            _log.Append(line).Append('\n');
        }
    }
}
