using System.Buffers;

namespace Gepa;

/// <summary>An append-only JSON-lines file of a run directory whose saved length is recorded in <c>state.json</c>
/// (<see cref="JournalMark"/>): lines are appended (and, for a durable journal, flushed to the disk) before the state that
/// covers them is written, and anything past the recorded length (an unfinished checkpoint, a torn line) is cut on resume.</summary>
/// <param name="path">The file.</param>
/// <param name="durable">Whether each append is flushed to the disk, not only to the operating system: the checkpoint
/// journals are, so that even a power cut never leaves a state pointing past what they hold; <c>candidates.jsonl</c>, a
/// record for people, is not.</param>
internal sealed class JournalFile(string path, bool durable = true) : IDisposable
{
    private FileStream? _stream;

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
    public void Reset(JournalMark? mark) => (Length, Lines) = (mark?.Length ?? 0, mark?.Lines ?? 0);

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

    /// <summary>Appends whole lines and flushes them (to the disk when durable); on failure the file is cut back to where
    /// it was.</summary>
    /// <param name="content">The lines, each ending with a line feed.</param>
    /// <param name="lines">How many lines.</param>
    public void Append(ArrayBufferWriter<byte> content, int lines)
    {
        if (lines == 0)
        {
            return;
        }

        _stream ??= new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        try
        {
            _stream.Position = Length;
            _stream.Write(content.WrittenSpan);

            // On the disk before the state that covers it is renamed into place, so that even a power cut never leaves a
            // state pointing past what its journals hold.
            _stream.Flush(flushToDisk: durable);
        }
        catch
        {
            try
            {
                _stream.SetLength(Length);
            }
            catch (IOException)
            {
                // The state still covers only the old length, and a resume cuts the rest.
            }

            throw;
        }

        Length += content.WrittenCount;
        Lines += lines;
    }

    /// <summary>Cuts the file back to an earlier mark, after a checkpoint whose other appends failed.</summary>
    /// <param name="mark">The mark.</param>
    public void Rollback(JournalMark mark)
    {
        if (Length != mark.Length && _stream is not null)
        {
            _stream.SetLength(mark.Length);
        }

        Reset(mark);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
