using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Actionable side information: what an evaluator tells the reflection model besides the score (errors,
/// expected against actual, diagnostics, objective scores, images). An ordered map of key to value.</summary>
/// <remarks>
/// <para>A value is text, a number, a boolean, a nested <see cref="SideInfo"/>, a list of those, or an image
/// (<see cref="DataContent"/>); anything else is kept as its <see cref="object.ToString"/>. Keys keep the order in
/// which they were first set, which is the order the reflection model reads them in.</para>
/// <para>The conventional keys are in <see cref="SideInfoKeys"/>. The numeric score is shown to the reflection model
/// by default; put what explains it here.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Side information is a domain object; the enumerator is for rendering.")]
public sealed class SideInfo : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _entries = [];

    /// <summary>Gets the number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Gets the keys, in order.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>Gets or sets a value; setting an existing key keeps its position.</summary>
    /// <param name="key">The key.</param>
    public object? this[string key]
    {
        get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"The side information has no key '{key}'.");
        set => Set(key, value);
    }

    /// <summary>Sets a value; an existing key keeps its position.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This instance, for chaining.</returns>
    public SideInfo Set(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var i = _entries.FindIndex(e => e.Key == key);
        if (i >= 0)
        {
            _entries[i] = new(key, value);
        }
        else
        {
            _entries.Add(new(key, value));
        }

        return this;
    }

    /// <summary>Adds a value at the end (collection initializers use it).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Add(string key, object? value) => Set(key, value);

    /// <summary>Gets a value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns>Whether the key is present.</returns>
    public bool TryGetValue(string key, out object? value)
    {
        foreach (var e in _entries)
        {
            if (e.Key == key)
            {
                value = e.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Says whether a key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it is present.</returns>
    public bool ContainsKey(string key) => _entries.Exists(e => e.Key == key);

    /// <summary>Removes a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it was present.</returns>
    public bool Remove(string key) => _entries.RemoveAll(e => e.Key == key) > 0;

    /// <summary>Sets <see cref="SideInfoKeys.Input"/>.</summary>
    /// <param name="value">What the candidate was given.</param>
    /// <returns>This instance.</returns>
    public SideInfo Input(object? value) => Set(SideInfoKeys.Input, value);

    /// <summary>Sets <see cref="SideInfoKeys.Output"/>.</summary>
    /// <param name="value">What the candidate produced.</param>
    /// <returns>This instance.</returns>
    public SideInfo Output(object? value) => Set(SideInfoKeys.Output, value);

    /// <summary>Sets <see cref="SideInfoKeys.Expected"/>.</summary>
    /// <param name="value">What it should have produced.</param>
    /// <returns>This instance.</returns>
    public SideInfo Expected(object? value) => Set(SideInfoKeys.Expected, value);

    /// <summary>Sets <see cref="SideInfoKeys.Feedback"/>.</summary>
    /// <param name="value">A diagnosis in words.</param>
    /// <returns>This instance.</returns>
    public SideInfo Feedback(object? value) => Set(SideInfoKeys.Feedback, value);

    /// <summary>Sets <see cref="SideInfoKeys.Error"/>.</summary>
    /// <param name="value">The error.</param>
    /// <returns>This instance.</returns>
    public SideInfo Error(object? value) => Set(SideInfoKeys.Error, value);

    /// <summary>Sets a named objective score (higher is better) under <see cref="SideInfoKeys.Scores"/>; the objective
    /// frontier is kept over these.</summary>
    /// <param name="objective">The objective's name.</param>
    /// <param name="value">Its score; it must be finite.</param>
    /// <returns>This instance.</returns>
    public SideInfo Score(string objective, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(objective);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The score of objective '{objective}' must be a finite number.");
        }

        if (!TryGetValue(SideInfoKeys.Scores, out var existing) || existing is not SideInfo scores)
        {
            scores = new SideInfo();
            Set(SideInfoKeys.Scores, scores);
        }

        scores.Set(objective, value);
        return this;
    }

    /// <summary>Adds side information that only the reflection on <paramref name="component"/> sees
    /// (<c>&lt;component&gt;_specific_info</c>); its objective scores become <c>component::objective</c>.</summary>
    /// <param name="component">The component's name.</param>
    /// <param name="specific">Fills the component's own side information.</param>
    /// <returns>This instance.</returns>
    public SideInfo For(string component, Action<SideInfo> specific)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentNullException.ThrowIfNull(specific);
        var key = component + SideInfoKeys.SpecificInfoSuffix;
        if (!TryGetValue(key, out var existing) || existing is not SideInfo inner)
        {
            inner = new SideInfo();
            Set(key, inner);
        }

        specific(inner);
        return this;
    }

    /// <summary>Adds an image for a vision-capable reflection model (a rendering, a plot, a screenshot).</summary>
    /// <param name="key">The key, for example <c>Rendering</c>.</param>
    /// <param name="data">The image bytes.</param>
    /// <param name="mediaType">Its media type.</param>
    /// <returns>This instance.</returns>
    public SideInfo Image(string key, ReadOnlyMemory<byte> data, string mediaType = "image/png") => Set(key, new DataContent(data, mediaType));

    /// <summary>Gets the named objective scores under <see cref="SideInfoKeys.Scores"/>, if any.</summary>
    /// <returns>The scores, in order; empty when there are none.</returns>
    public IReadOnlyList<KeyValuePair<string, double>> ObjectiveScores()
    {
        if (!TryGetValue(SideInfoKeys.Scores, out var v) || v is not SideInfo scores)
        {
            return [];
        }

        var list = new List<KeyValuePair<string, double>>();
        foreach (var (k, s) in scores)
        {
            if (ToDouble(s) is { } d)
            {
                list.Add(new(k, d));
            }
        }

        return list;
    }

    /// <summary>Writes the side information as JSON; images are written as their media type and size, not their bytes.</summary>
    /// <returns>A JSON object.</returns>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (k, v) in _entries)
        {
            o[k] = ToNode(v);
        }

        return o;
    }

    /// <summary>Reads side information from JSON (an evaluator's reply over a process or HTTP).</summary>
    /// <param name="json">A JSON object; any other kind becomes a single <see cref="SideInfoKeys.Feedback"/> text.</param>
    /// <returns>The side information.</returns>
    public static SideInfo FromJson(JsonElement json)
    {
        var info = new SideInfo();
        if (json.ValueKind != JsonValueKind.Object)
        {
            if (json.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                info.Feedback(FromElement(json));
            }

            return info;
        }

        foreach (var p in json.EnumerateObject())
        {
            info.Set(p.Name, FromElement(p.Value));
        }

        return info;
    }

    /// <summary>Returns a copy; nested side information and lists are copied too, images are shared.</summary>
    /// <returns>The copy.</returns>
    public SideInfo Clone()
    {
        var c = new SideInfo();
        foreach (var (k, v) in _entries)
        {
            c.Set(k, CloneValue(v));
        }

        return c;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static double? ToDouble(object? v) => v switch
    {
        double d when double.IsFinite(d) => d,
        float f when float.IsFinite(f) => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        _ => null,
    };

    internal static string FormatScalar(object? v) => v switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static object? CloneValue(object? v) => v switch
    {
        SideInfo s => s.Clone(),
        IList<object?> list => list.Select(CloneValue).ToList(),
        _ => v,
    };

    private static JsonNode? ToNode(object? v) => v switch
    {
        null => null,
        SideInfo s => s.ToJson(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        float f when float.IsFinite(f) => JsonValue.Create(f),
        decimal m => JsonValue.Create(m),
        DataContent image => new JsonObject { ["image"] = image.MediaType, ["bytes"] = image.Data.Length },
        JsonNode n => n.DeepClone(),
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        IEnumerable<object?> items => new JsonArray([.. items.Select(ToNode)]),
        _ => JsonValue.Create(FormatScalar(v)),
    };

    private static object? FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => FromJson(e),
        JsonValueKind.Array => e.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
