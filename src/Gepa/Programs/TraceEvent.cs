namespace Gepa;

/// <summary>A non-LLM event recorded into a program trace: retrieval hits, a tool call, intermediate state.</summary>
/// <param name="Kind">What happened, for example <c>retrieve</c>.</param>
/// <param name="Payload">The data, whatever the program recorded.</param>
/// <param name="Sequence">The 0-based position of this entry in the whole trace.</param>
public sealed record TraceEvent(string Kind, object? Payload, long Sequence)
{
    /// <summary>Returns the payload as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The payload's type.</typeparam>
    /// <returns>The payload.</returns>
    /// <exception cref="InvalidCastException">The payload is of another type.</exception>
    public T PayloadAs<T>() => Payload is T value
        ? value
        : throw new InvalidCastException($"The payload of the '{Kind}' event is {Payload?.GetType().Name ?? "null"}, not {typeof(T).Name}.");
}
