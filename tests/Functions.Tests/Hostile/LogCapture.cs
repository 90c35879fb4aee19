using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nst.Functions.Tests.Hostile;

/// <summary>Everything a host logs, category, message and exception text, for asserting what never reaches a log.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <summary>The lines that contain <paramref name="text"/> (ordinal, ignoring case).</summary>
    public IReadOnlyList<string> Containing(string text) => Lines.Where(line => line.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
