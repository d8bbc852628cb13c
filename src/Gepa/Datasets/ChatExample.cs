namespace Gepa;

/// <summary>One example of a single-turn chat task: an input, the expected answer and whatever else the metric needs.</summary>
/// <remarks>Examples are immutable. <see cref="Id"/> identifies the example in caches, traces and reports, so it must be
/// unique within a dataset.</remarks>
public sealed class ChatExample
{
    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Initializes a new example.</summary>
    /// <param name="id">A non-empty identifier, unique within the dataset.</param>
    /// <param name="input">The text sent to the model as the user message.</param>
    /// <param name="answer">The expected answer, or <see langword="null"/> when the metric needs none (for example an LLM judge).</param>
    /// <param name="context">Optional context sent with the input and shown to reflection.</param>
    /// <param name="fields">Extra named values a metric may read (for example the expected value of a JSON field).</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    public ChatExample(string id, string input, string? answer = null, string? context = null, IReadOnlyDictionary<string, string>? fields = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(input);
        Id = id;
        Input = input;
        Answer = answer;
        Context = context;
        // Copied so that a caller mutating its dictionary later cannot change an example that is already in a dataset.
        Fields = fields is null || fields.Count == 0 ? NoFields : new Dictionary<string, string>(fields, StringComparer.Ordinal);
    }

    /// <summary>Gets the identifier, unique within the dataset.</summary>
    public string Id { get; }

    /// <summary>Gets the input text (the user message).</summary>
    public string Input { get; }

    /// <summary>Gets the expected answer, or <see langword="null"/> when there is none.</summary>
    public string? Answer { get; }

    /// <summary>Gets the optional context sent with the input, or <see langword="null"/>.</summary>
    public string? Context { get; }

    /// <summary>Gets extra named values for metrics; empty when there are none.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>Returns the example id and the start of its input, for debugging.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Id}: {(Input.Length > 40 ? Input[..40] + "…" : Input)}";
}
