using Microsoft.Extensions.Logging.Abstractions;

namespace Nst.Functions.Hosting.Local;

/// <summary>A logger factory that hands out the inner factory's loggers, except for categories under the given prefixes.</summary>
public sealed class CategoryFilteringLoggerFactory(ILoggerFactory inner, params string[] silenced) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        silenced.Any(prefix => categoryName.StartsWith(prefix, StringComparison.Ordinal)) ? NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the app.
    public void Dispose()
    {
    }
}
