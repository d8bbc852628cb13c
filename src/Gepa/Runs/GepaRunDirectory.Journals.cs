using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gepa;

/// <summary>Reading back the checkpoint journals (<c>pool.jsonl</c>, <c>cache.jsonl</c>, <c>observed.jsonl</c>) of a
/// format-2 state.</summary>
public sealed partial class GepaRunDirectory
{
    /// <summary>The pool journal's file name: one line per candidate joining the pool, and per later batch of its
    /// validation scores.</summary>
    public const string PoolFileName = CheckpointJournal.PoolFileName;

    /// <summary>The evaluation-cache journal's file name (only with the evaluation cache on).</summary>
    public const string CacheFileName = CheckpointJournal.CacheFileName;

    /// <summary>The adaptive policy's observed-training-score journal's file name.</summary>
    public const string ObservedFileName = CheckpointJournal.ObservedFileName;

    /// <summary>Rebuilds a format-2 state's whole checkpoint from the part of each journal it covers; every line of that
    /// part must be a whole record, and there must be as many as the state says.</summary>
    private static void RebuildCheckpoint(string full, RunState state)
    {
        var pool = ReadJournal(full, PoolFileName, state.Pool!, RunJsonContext.Default.PoolRecord);
        var cache = state.Cache is { } c ? ReadJournal(full, CacheFileName, c, RunJsonContext.Default.CheckpointCacheEntry) : null;
        var observed = state.Observed is { } o ? ReadJournal(full, ObservedFileName, o, RunJsonContext.Default.ObservedScoresRecord) : null;
        CheckpointJournal.Rebuild(state, pool, cache, observed, (name, line, what) => Damaged(Path.Combine(full, name), line, what));
    }

    private static List<(int Line, T Record)> ReadJournal<T>(string full, string name, JournalMark mark, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var file = Path.Combine(full, name);
        var records = new List<(int, T)>();
        ScanJournal(file, mark, "line", (line, json) =>
        {
            T? record = null;
            try
            {
                record = IsJsonObject(json) ? JsonSerializer.Deserialize(json, typeInfo) : null;
            }
            catch (JsonException)
            {
            }

            records.Add((line, record ?? throw Damaged(file, line, "is not a whole JSON record")));
        });
        return records;
    }

    /// <summary>Checks, changing nothing, the part of a journal that a saved state covers (<paramref name="mark"/>): the
    /// file holds at least that many bytes, they are whole lines, as many as the state says, and each passes
    /// <paramref name="line"/> (which throws for a damaged one).</summary>
    /// <param name="file">The journal.</param>
    /// <param name="mark">What the state says it covers.</param>
    /// <param name="unit">What a line holds, for the messages ("line", or "proposal record" for the proposal journal).</param>
    /// <param name="line">Checks (or reads) one line: its number and its bytes without the line end.</param>
    private static void ScanJournal(string file, JournalMark mark, string unit, Action<int, ReadOnlySpan<byte>> line)
    {
        if (mark.Length == 0 && mark.Lines == 0)
        {
            return;
        }

        var length = File.Exists(file) ? new FileInfo(file).Length : -1;
        if (length < mark.Length)
        {
            throw new GepaRunDirectoryException(
                GepaRunDirectoryError.Damaged,
                length < 0
                    ? $"{file} is missing, but {StateFileName} says it holds {mark.Lines} {unit}s; restore it, or start a new run in another directory."
                    : $"{file} was cut: it has {length} bytes, but {StateFileName} says its {mark.Lines} {unit}s take {mark.Length}; resuming would continue from a state it no longer holds. Restore it, or start a new run in another directory.");
        }

        byte[] covered;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            covered = new byte[mark.Length];
            stream.ReadExactly(covered);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GepaRunDirectoryException(GepaRunDirectoryError.Unreadable, $"{file} cannot be read: {e.Message}", e);
        }

        var lines = 0;
        var start = 0;
        for (var i = 0; i < covered.Length; i++)
        {
            if (covered[i] != '\n')
            {
                continue;
            }

            lines++;
            line(lines, covered.AsSpan(start, i - start));
            start = i + 1;
        }

        if (start != covered.Length)
        {
            throw Damaged(file, lines + 1, $"was cut mid-line (the {unit} the saved state ends with has no line end)");
        }

        if (lines != mark.Lines)
        {
            throw new GepaRunDirectoryException(
                GepaRunDirectoryError.Damaged,
                $"{file} holds {lines} {unit}s where {StateFileName} says {mark.Lines}; it was edited. Restore it, or start a new run in another directory.");
        }
    }
}
