namespace Gepa;

/// <summary>Thrown when the adapter fails while evaluating a candidate; says where in the run it happened.</summary>
public sealed class GepaEvaluationException : Exception
{
    /// <summary>Initializes a new instance with no details.</summary>
    public GepaEvaluationException()
        : this("The adapter failed while evaluating a candidate.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public GepaEvaluationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the adapter's exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The adapter's exception.</param>
    public GepaEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the iteration in which the evaluation failed (0 for the seed's evaluation).</summary>
    public int Iteration { get; init; }

    /// <summary>Gets what was being evaluated, for example "candidate 3" or "the child of candidate 3".</summary>
    public string Candidate { get; init; } = "";

    /// <summary>Gets the split, <c>train</c> or <c>val</c>.</summary>
    public string Split { get; init; } = "";

    /// <summary>Gets the example indexes of the failed batch.</summary>
    public IReadOnlyList<int> ExampleIds { get; init; } = [];
}
