namespace Nst.Functions.Pipeline;

/// <summary>A setting the operator must fix before the app can start (a missing URI, a model that is not there).</summary>
public sealed class SettingsException : Exception
{
    public SettingsException()
    {
    }

    public SettingsException(string message) : base(message)
    {
    }

    public SettingsException(string message, Exception inner) : base(message, inner)
    {
    }
}
