using Microsoft.Extensions.Logging;

namespace Gepa.AdaptiveBench;

/// <summary>Prints the engine's log lines (for one traced run).</summary>
internal sealed class TraceLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Console.WriteLine(formatter(state, exception));
    }
}
