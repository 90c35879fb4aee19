namespace Nst.Engine;

/// <summary>
/// A fault of the machine the engine runs on, not of the user's input: a native codec that cannot start or fails on
/// valid pixels. Not an <see cref="NstException"/>, so hosts retry it (or report an internal error) rather than
/// telling the user their input was bad.
/// </summary>
public sealed class NstFaultException : Exception
{
    public NstFaultException(string message) : base(message) { }

    public NstFaultException(string message, Exception? inner) : base(message, inner) { }

    public NstFaultException() { }
}
