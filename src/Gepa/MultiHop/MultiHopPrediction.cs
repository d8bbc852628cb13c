namespace Gepa.MultiHop;

/// <summary>What the multi-hop program returns: the answer and what each hop retrieved (so the metric can score
/// retrieval without a trace).</summary>
/// <param name="Answer">The answer.</param>
/// <param name="TitlesPerHop">The titles retrieved at each hop, best first.</param>
public sealed record MultiHopPrediction(string Answer, IReadOnlyList<IReadOnlyList<string>> TitlesPerHop)
{
    /// <summary>Gets every title retrieved, in order, without repeats.</summary>
    public IReadOnlyList<string> RetrievedTitles => [.. TitlesPerHop.SelectMany(t => t).Distinct(StringComparer.Ordinal)];
}
