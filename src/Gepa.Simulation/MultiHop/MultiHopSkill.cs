namespace Gepa.Simulation;

/// <summary>A behaviour of the <em>simulated</em> multi-hop task model that a step's instruction switches on by
/// containing <see cref="Phrase"/> (ASCII case-insensitive).</summary>
/// <param name="Id">A short id (S1, S2, W1, A1, A2).</param>
/// <param name="Step">The step whose behaviour it changes.</param>
/// <param name="Phrase">The phrase that switches it on.</param>
/// <param name="Text">The instruction line the simulated reflection model writes for it (it contains the phrase).</param>
public sealed record MultiHopSkill(string Id, string Step, string Phrase, string Text)
{
    /// <summary>Gets the five skills, in order.</summary>
    public static IReadOnlyList<MultiHopSkill> All { get; } =
    [
        new("S1", "summarize", "each passage", "Read each passage, not only the first one."),
        new("S2", "summarize", "all facts", "Keep all facts about the entities the question names, word for word."),
        new("W1", "write_query", "bridge entity", "Name the bridge entity from the summary instead of repeating the question."),
        new("A1", "answer", "span only", "Reply with the answer span only."),
        new("A2", "answer", "full name", "Give people by their full name."),
    ];
}
