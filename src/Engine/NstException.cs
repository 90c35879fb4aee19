namespace Nst.Engine;

/// <summary>
/// The one domain exception of the engine: bad input (images, weights, options, checkpoints)
/// that a user can fix. Its message is a single line meant to be shown as is.
/// </summary>
public class NstException : Exception
{
    public NstException(string message) : base(message) { }

    public NstException(string message, Exception inner) : base(message, inner) { }

    public NstException() { }
}
