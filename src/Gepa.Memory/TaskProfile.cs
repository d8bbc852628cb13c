namespace Gepa;

/// <summary>What the memory bank knows about one task: what it asks, its components and their seed texts, and (only when
/// the user allows it) a few sample inputs; embedded so similar tasks can be found.</summary>
public sealed class TaskProfile
{
    /// <summary>Gets or sets the task's id (the name the user gives the task family member).</summary>
    public string Id { get; set; } = "";

    /// <summary>Gets or sets the objective or background text.</summary>
    public string Objective { get; set; } = "";

    /// <summary>Gets or sets the seed text of each component, by component name.</summary>
    public Dictionary<string, string> SeedTexts { get; set; } = [];

    /// <summary>Gets or sets sample inputs; empty unless <see cref="MemoryBankOptions.KeepSampleInputs"/> is on.</summary>
    public List<string> SampleInputs { get; set; } = [];

    /// <summary>Gets or sets the embedding of the objective, component names, seed texts and sample inputs.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public float[] Embedding { get; set; } = [];

    /// <summary>Gets the text the profile's embedding is made of.</summary>
    /// <returns>The objective, each component with its seed text, and the sample inputs.</returns>
    public string DescribeForEmbedding()
    {
        var parts = new List<string> { Objective };
        foreach (var (name, text) in SeedTexts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parts.Add(name);
            parts.Add(text);
        }

        parts.AddRange(SampleInputs);
        return string.Join('\n', parts.Where(p => p.Length > 0));
    }
}
