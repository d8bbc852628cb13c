using System.Buffers;

namespace Gepa;

/// <summary>An append-only JSON-lines file of a run directory whose saved length is recorded in <c>state.json</c>
/// (<see cref="JournalMark"/>): lines are staged at each checkpoint, and appended (and, for a durable journal, flushed to the disk) before the
/// state that covers them is written, and anything past the recorded length (an unfinished checkpoint, a torn line) is cut on resume.</summary>
/// <param name="path">The file.</param>
/// <param name="durable">Whether each append is flushed to the disk, not only to the operating system: the checkpoint
/// journals are, so that even a power cut never leaves a state pointing past what they hold; <c>candidates.jsonl</c>, a
/// record for people, is not.</param>
internal sealed class JournalFile(string path, bool durable = true) : IDisposable
{
    private readonly ArrayBufferWriter<byte> _staged = new();
    private FileStream? _stream;
    private int _stagedLines;

    /// <summary>Gets the file's full path.</summary>
    public string Path { get; } = path;

    /// <summary>Gets the length in bytes written so far (what the next state covers).</summary>
    public long Length { get; private set; }

    /// <summary>Gets the number of lines written so far.</summary>
    public int Lines { get; private set; }

    /// <summary>Gets the mark of what was written so far.</summary>
    public JournalMark Mark => new() { Length = Length, Lines = Lines };

    /// <summary>Starts from what a saved state covers.</summary>
    /// <param name="mark">The state's mark, or <see langword="null"/> for nothing.</param>
    public void Reset(JournalMark? mark)
    {
        (Length, Lines) = (mark?.Length ?? 0, mark?.Lines ?? 0);
        _staged.ResetWrittenCount();
        _stagedLines = 0;
    }

    /// <summary>Cuts the file back to what the saved state covers: the lines after it belong to a checkpoint that was
    /// never completed (or were torn by a killed writer) and will be written again.</summary>
    public void CutToMark()
    {
        if (!File.Exists(Path))
        {
            return;
        }

        using var file = new FileStream(Path, FileMode.Open, FileAccess.Write);
        if (file.Length > Length)
        {
            file.SetLength(Length);
        }
    }

    /// <summary>Gets the mark the file will have once the staged lines are written (what the state of the checkpoint
    /// that staged them covers).</summary>
    public JournalMark StagedMark => new() { Length = Length + _staged.WrittenCount, Lines = Lines + _stagedLines };

    /// <summary>Gets whether lines are staged and not written yet.</summary>
    public bool HasStaged => _stagedLines > 0;

    /// <summary>Stages whole lines, to be written by <see cref="WriteStaged"/> with the next state written: a checkpoint
    /// stages its lines at once, so that the file holds the same lines however many checkpoints go by between writes.</summary>
    /// <param name="content">The lines, each ending with a line feed.</param>
    /// <param name="lines">How many lines.</param>
    public void Stage(ReadOnlySpan<byte> content, int lines)
    {
        if (lines == 0)
        {
            return;
        }

        _staged.Write(content);
        _stagedLines += lines;
    }

    /// <summary>Writes the staged lines after what was written so far and flushes them (to the disk when durable); they
    /// count as written only at <see cref="AcceptStaged"/>. On failure the file is cut back to where it was and the lines
    /// stay staged.</summary>
    public void WriteStaged()
    {
        if (_stagedLines == 0)
        {
            return;
        }

        _stream ??= new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        try
        {
            _stream.Position = Length;
            _stream.Write(_staged.WrittenSpan);

            // On the disk before the state that covers it is renamed into place, so that even a power cut never leaves a
            // state pointing past what its journals hold.
            _stream.Flush(flushToDisk: durable);
        }
        catch
        {
            CutBack();
            throw;
        }
    }

    /// <summary>Counts the staged lines, written by <see cref="WriteStaged"/>, as written.</summary>
    public void AcceptStaged()
    {
        Length += _staged.WrittenCount;
        Lines += _stagedLines;
        _staged.ResetWrittenCount();
        _stagedLines = 0;
    }

    /// <summary>Cuts the file back to what counts as written, after a write of staged lines (of this or another journal)
    /// failed; the staged lines stay staged.</summary>
    public void CutBack()
    {
        try
        {
            if (_stream is not null && _stream.Length > Length)
            {
                _stream.SetLength(Length);
            }
        }
        catch (IOException)
        {
            // The state still covers only the old length, and a resume cuts the rest.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
