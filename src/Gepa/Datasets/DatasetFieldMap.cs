namespace Gepa;

/// <summary>Which fields (JSON properties or CSV columns) of a dataset hold the parts of a <see cref="ChatExample"/>.</summary>
/// <remarks>Every field not mapped here is kept in <see cref="ChatExample.Fields"/>: strings as they are, other JSON
/// values as their JSON text.</remarks>
public sealed class DatasetFieldMap
{
    /// <summary>Gets the default map: <c>input</c>, <c>answer</c> (required), <c>id</c>, <c>context</c>.</summary>
    public static DatasetFieldMap Default { get; } = new();

    /// <summary>Gets the field holding the input; required in every row. Default <c>input</c>.</summary>
    public string Input { get; init; } = DatasetConstants.DefaultInputField;

    /// <summary>Gets the field holding the expected answer. Default <c>answer</c>.</summary>
    public string Answer { get; init; } = DatasetConstants.DefaultAnswerField;

    /// <summary>Gets a value indicating whether every row must have a non-empty answer. Default <see langword="true"/>;
    /// set it to <see langword="false"/> for metrics that need no answer, such as an LLM judge.</summary>
    public bool AnswerRequired { get; init; } = true;

    /// <summary>Gets the field holding the example id; a row without one gets its 0-based row index as id. Default <c>id</c>.</summary>
    public string Id { get; init; } = DatasetConstants.DefaultIdField;

    /// <summary>Gets the field holding optional context. Default <c>context</c>.</summary>
    public string Context { get; init; } = DatasetConstants.DefaultContextField;

    /// <summary>Checks that the field names are usable.</summary>
    /// <exception cref="ArgumentException">A field name is empty, or two parts share a field.</exception>
    internal void Validate()
    {
        string[] names = [Input, Answer, Id, Context];
        string[] parts = [nameof(Input), nameof(Answer), nameof(Id), nameof(Context)];
        for (var i = 0; i < names.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                throw new ArgumentException($"DatasetFieldMap.{parts[i]} must name a field; it is empty.");
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(names[i], names[j], StringComparison.Ordinal))
                {
                    throw new ArgumentException($"DatasetFieldMap.{parts[j]} and DatasetFieldMap.{parts[i]} both name the field '{names[i]}'; each part needs its own field.");
                }
            }
        }
    }
}
