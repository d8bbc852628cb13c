namespace Gepa.MemoryBench;

/// <summary>One arm of the benchmark: which memory modes are on and where the lessons come from.</summary>
/// <param name="Name">The arm's name in tables.</param>
/// <param name="Lessons">Mode 1: lessons in the reflection prompt.</param>
/// <param name="SimilarTasks">Mode 2: best candidates of similar tasks as starting candidates.</param>
/// <param name="AugmentedSeed">Mode 3: the lesson-augmented seed as a starting candidate.</param>
/// <param name="InjectAll">Every lesson of the other tasks, without retrieval (no floor, count or token cap).</param>
/// <param name="Irrelevant">Memory from unrelated tasks: only lessons about rules the target can never require.</param>
/// <param name="TopK">The most lessons retrieval picks (the library's default unless a diagnostic arm lifts it).</param>
internal sealed record Arm(string Name, bool Lessons, bool SimilarTasks, bool AugmentedSeed, bool InjectAll = false, bool Irrelevant = false, int TopK = MemoryConstants.TopK)
{
    /// <summary>Gets every arm, cold first.</summary>
    public static IReadOnlyList<Arm> All { get; } =
    [
        new("cold", false, false, false),
        new("M1 lessons", true, false, false),
        new("M2 similar tasks", false, true, false),
        new("M3 augmented seed", false, false, true),
        new("all modes", true, true, true),
        new("inject everything", true, true, true, InjectAll: true),
        new("all modes, no count cap", true, true, true, TopK: 100),
        new("unrelated memory", true, true, true, Irrelevant: true),

        // Diagnostics (--arms): where unrelated memory loses, one mode at a time.
        new("unrelated M1 lessons", true, false, false, Irrelevant: true),
        new("unrelated M3 augmented seed", false, false, true, Irrelevant: true),
    ];

    /// <summary>Gets the arms a run uses unless <c>--arms</c> names others: every arm but the diagnostics.</summary>
    public static IReadOnlyList<Arm> Default { get; } = [.. All.Where(a => !a.Name.StartsWith("unrelated M", StringComparison.Ordinal))];

    /// <summary>Gets whether the arm uses memory at all.</summary>
    public bool UsesMemory => Lessons || SimilarTasks || AugmentedSeed;
}
