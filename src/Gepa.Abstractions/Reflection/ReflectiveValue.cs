namespace Gepa;

/// <summary>One value in a reflective record: a piece of text, a nested record, or a list of values.</summary>
public sealed class ReflectiveValue
{
    private ReflectiveValue(string? text, ReflectiveRecord? record, IReadOnlyList<ReflectiveValue>? items)
    {
        Text = text;
        Record = record;
        Items = items;
    }

    /// <summary>Gets the text, when this value is text.</summary>
    public string? Text { get; }

    /// <summary>Gets the nested record, when this value is a record.</summary>
    public ReflectiveRecord? Record { get; }

    /// <summary>Gets the items, when this value is a list.</summary>
    public IReadOnlyList<ReflectiveValue>? Items { get; }

    /// <summary>Creates a text value.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The value.</returns>
    public static ReflectiveValue FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null, null);

    /// <summary>Creates a nested-record value.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The value.</returns>
    public static ReflectiveValue FromRecord(ReflectiveRecord record) => new(null, record ?? throw new ArgumentNullException(nameof(record)), null);

    /// <summary>Creates a list value.</summary>
    /// <param name="items">The items, in order.</param>
    /// <returns>The value.</returns>
    public static ReflectiveValue FromList(IEnumerable<ReflectiveValue> items) => new(null, null, [.. items ?? throw new ArgumentNullException(nameof(items))]);

    /// <summary>Converts text to a value.</summary>
    /// <param name="text">The text.</param>
    public static implicit operator ReflectiveValue(string text) => FromText(text);

    /// <summary>Converts a record to a value.</summary>
    /// <param name="record">The record.</param>
    public static implicit operator ReflectiveValue(ReflectiveRecord record) => FromRecord(record);
}
