namespace Gepa;

/// <summary>A line-set diff: which trimmed, non-empty lines a text gained and lost. Lessons are made of whole lines, so
/// their order does not matter here.</summary>
internal static class LineDiff
{
    public static IReadOnlyList<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    public static (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) Compare(string before, string after)
    {
        var old = Lines(before);
        var neu = Lines(after);
        var oldSet = new HashSet<string>(old, StringComparer.Ordinal);
        var newSet = new HashSet<string>(neu, StringComparer.Ordinal);
        return (neu.Where(l => !oldSet.Contains(l)).Distinct().ToList(), old.Where(l => !newSet.Contains(l)).Distinct().ToList());
    }

    public static string Format(string before, string after)
    {
        var (added, removed) = Compare(before, after);
        return string.Join('\n', removed.Select(l => "- " + l).Concat(added.Select(l => "+ " + l)));
    }
}
