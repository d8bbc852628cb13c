using System.Text.Json;

namespace Gepa;

/// <summary>Exports a memory bank to a JSON file and imports one into another bank, curating on the way in (duplicates
/// merged, caps applied, secrets removed again).</summary>
public static class MemoryTransfer
{
    /// <summary>Writes the bank's profiles, lessons and best candidates to <paramref name="file"/>, atomically (a temporary
    /// file renamed over the target).</summary>
    /// <param name="bank">The bank.</param>
    /// <param name="file">The JSON file.</param>
    /// <returns>What was written.</returns>
    public static MemoryExport Export(MemoryBank bank, string file)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var export = new MemoryExport
        {
            Tasks = [.. bank.ListTaskProfiles()],
            Lessons = [.. bank.ListLessons()],
            BestCandidates = [.. bank.ListBestCandidates()],
        };
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicWrite.WriteAllBytes(full, JsonSerializer.SerializeToUtf8Bytes(export, MemoryJsonContext.Default.MemoryExport));
        return export;
    }

    /// <summary>Reads <paramref name="file"/> into the bank.</summary>
    /// <param name="bank">The bank.</param>
    /// <param name="file">A file written by <see cref="Export"/>.</param>
    /// <param name="cancellationToken">Cancels the embeddings.</param>
    /// <returns>What the file held.</returns>
    /// <exception cref="MemoryBankException">The file cannot be read, is not an export, or is newer than this version.</exception>
    public static async Task<MemoryExport> ImportAsync(MemoryBank bank, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var full = Path.GetFullPath(file);
        MemoryExport export;
        try
        {
            export = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(full, cancellationToken), MemoryJsonContext.Default.MemoryExport)
                ?? throw new MemoryBankException($"{full} is empty (null); it is not a memory export.") { FilePath = full };
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new MemoryBankException($"{full} could not be read as a memory export: {e.Message}", e) { FilePath = full };
        }

        if (export.FormatVersion > MemoryExport.CurrentFormatVersion)
        {
            throw new MemoryBankException($"{full} has export format version {export.FormatVersion}, newer than this version understands ({MemoryExport.CurrentFormatVersion}); upgrade gepa to import it.") { FilePath = full };
        }

        foreach (var task in export.Tasks)
        {
            await bank.SaveTaskProfileAsync(task, cancellationToken);
        }

        foreach (var lesson in export.Lessons)
        {
            await bank.AddLessonAsync(lesson, cancellationToken);
        }

        foreach (var best in export.BestCandidates)
        {
            bank.SaveBestCandidate(best);
        }

        return export;
    }
}
