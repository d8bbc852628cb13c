namespace Gepa.Tests.Runs;

/// <summary>A stream that passes writes through until a number of bytes, then throws: a disk that fills up, or a process
/// that dies, in the middle of a write.</summary>
public sealed class FailingStream(Stream inner, long failAfter) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var room = (int)Math.Max(0, Math.Min(buffer.Length, failAfter - _written));
        inner.Write(buffer[..room]);
        _written += room;
        if (room < buffer.Length)
        {
            inner.Flush();
            throw new IOException($"simulated failure after {_written} bytes");
        }
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
