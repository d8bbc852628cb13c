namespace Gepa;

/// <summary>The file format of a dataset.</summary>
public enum DatasetFormat
{
    /// <summary>Chosen from the file extension: <c>.jsonl</c>/<c>.ndjson</c>, <c>.json</c> or <c>.csv</c>.</summary>
    Auto = 0,

    /// <summary>One JSON object per line; blank lines are skipped.</summary>
    JsonLines,

    /// <summary>A JSON array of objects.</summary>
    JsonArray,

    /// <summary>Comma-separated values as in RFC 4180, with a header row naming the fields.</summary>
    Csv,
}
