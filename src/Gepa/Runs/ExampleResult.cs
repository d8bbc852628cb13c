using System.Globalization;

namespace Gepa;

/// <summary>What one candidate did on one validation example, as a run directory's <c>examples.json</c> keeps it for the
/// report's "which examples still fail, and why" table.</summary>
/// <remarks>Texts longer than <see cref="MaxTextLength"/> are cut, with a marker saying how long they were.</remarks>
public sealed class ExampleResult
{
    /// <summary>The longest text kept per field; a longer one is cut and ends with a marker.</summary>
    public const int MaxTextLength = 2_000;

    /// <summary>Gets or sets the validation example's index.</summary>
    public int Example { get; set; }

    /// <summary>Gets or sets the example's own id, when it has one.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the example's input.</summary>
    public string Input { get; set; } = "";

    /// <summary>Gets or sets the expected answer, when the example has one.</summary>
    public string? Expected { get; set; }

    /// <summary>Gets or sets the candidate's output.</summary>
    public string? Output { get; set; }

    /// <summary>Gets or sets the metric's feedback on the output.</summary>
    public string? Feedback { get; set; }

    /// <summary>Gets or sets the score.</summary>
    public double Score { get; set; }

    /// <summary>Cuts a text to <see cref="MaxTextLength"/> characters, ending it with a marker that gives its length.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text, or its cut form.</returns>
    public static string? Truncate(string? text) =>
        text is null || text.Length <= MaxTextLength
            ? text
            : string.Concat(text.AsSpan(0, MaxTextLength), string.Create(CultureInfo.InvariantCulture, $"… [truncated: {text.Length:N0} characters in all]"));
}
