using System.Text.Json;

namespace Gepa.Orleans.Cli;

/// <summary>The files a finished cluster run leaves in <c>--out</c>: <c>result.json</c> (the run's status and summary)
/// and <c>best_candidate.json</c> (component name to text, as <c>gepa optimize</c> writes it, for
/// <c>gepa evaluate --candidate</c>).</summary>
internal static class ResultFiles
{
    public const string Result = "result.json";
    public const string BestCandidate = "best_candidate.json";

    /// <summary>Checked before the run starts: the directory may exist only empty, so nothing of the user's is overwritten.</summary>
    public static string CheckDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()))
        {
            throw new ClusterUsageException($"Option --out: '{path}' exists and is not an empty directory; choose a new directory so that nothing is overwritten.");
        }

        return full;
    }

    /// <summary>Writes each file whole (<see cref="AtomicWrite"/>), so no half-written file is left.</summary>
    public static void Write(string directory, GepaRunStatus status, GepaRunSummary summary, JsonSerializerOptions json)
    {
        Directory.CreateDirectory(directory);
        var indented = new JsonSerializerOptions(json) { WriteIndented = true };
        AtomicWrite.WriteAllText(Path.Combine(directory, Result), JsonSerializer.Serialize(status, indented) + "\n");
        // Written as gepa optimize writes it (indented, no final newline), so the two files compare byte for byte.
        AtomicWrite.WriteAllText(Path.Combine(directory, BestCandidate), JsonSerializer.Serialize(summary.BestCandidate, indented));
    }
}
