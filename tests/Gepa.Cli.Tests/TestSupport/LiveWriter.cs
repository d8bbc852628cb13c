using System.Text;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>A thread-safe text writer whose lines a test can wait for while the command that writes them still runs.</summary>
public sealed class LiveWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits until a complete line satisfies <paramref name="match"/>, and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var text = ToString();
            var lines = text.Split('\n');
            var found = lines[..^1].FirstOrDefault(l => match(l.TrimEnd('\r')));
            if (found is not null)
            {
                return found.TrimEnd('\r');
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No matching line was written; output so far:\n" + text);
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
