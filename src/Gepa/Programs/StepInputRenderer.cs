using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Gepa.Programs;

/// <summary>Renders a step's typed input into named fields and the user message, the way DSPy's chat adapter lays out
/// input fields: one <c>Name:</c> heading per field, lists as <c>- item</c> lines.</summary>
internal static class StepInputRenderer
{
    /// <summary>The field name used when the input is a plain string or rendered by a user function.</summary>
    public const string SingleField = "Input";

    /// <summary>The field names a type renders, in order.</summary>
    /// <param name="type">The input type.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> FieldNames(Type type) =>
        IsScalar(type) || typeof(IDictionary).IsAssignableFrom(type) || IsStringMap(type)
            ? [SingleField]
            : [.. Properties(type).Select(p => p.Name)];

    /// <summary>Renders an input into its fields.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The fields, in order.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Fields(object? input)
    {
        switch (input)
        {
            case null:
                return [new(SingleField, string.Empty)];
            case string s:
                return [new(SingleField, s)];
            case IEnumerable<KeyValuePair<string, string>> map:
                return [.. map];
            case IEnumerable<KeyValuePair<string, object?>> objects:
                return [.. objects.Select(kv => new KeyValuePair<string, string>(kv.Key, Value(kv.Value)))];
        }

        var type = input.GetType();
        return IsScalar(type)
            ? [new(SingleField, Value(input))]
            : [.. Properties(type).Select(p => new KeyValuePair<string, string>(p.Name, Value(p.GetValue(input))))];
    }

    /// <summary>Joins fields into a user message. A single <see cref="SingleField"/> field is sent as it is.</summary>
    /// <param name="fields">The fields.</param>
    /// <returns>The message text.</returns>
    public static string Message(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        if (fields.Count == 1 && fields[0].Key == SingleField)
        {
            return fields[0].Value;
        }

        var sb = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            sb.Append(name).Append(':').Append(value.Contains('\n', StringComparison.Ordinal) ? "\n" : " ").Append(value);
        }

        return sb.ToString();
    }

    /// <summary>Renders one value: lists as <c>- item</c> lines, everything else with the invariant culture.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Value(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join("\n", items.Cast<object?>().Select(i => "- " + Value(i).Replace("\n", "\n  ", StringComparison.Ordinal))),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A property's description from <see cref="DescriptionAttribute"/>, if any.</summary>
    /// <param name="type">The type.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The description.</returns>
    public static string? Description(Type type, string name) =>
        type.GetProperty(name)?.GetCustomAttribute<DescriptionAttribute>()?.Description;

    private static bool IsScalar(Type type) => type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal);

    private static bool IsStringMap(Type type) => typeof(IEnumerable<KeyValuePair<string, string>>).IsAssignableFrom(type)
        || typeof(IEnumerable<KeyValuePair<string, object?>>).IsAssignableFrom(type);

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken);
}
