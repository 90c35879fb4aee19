namespace Nst.Engine;

/// <summary>
/// A user error: bad input (images, weights, options, checkpoints) that the user can fix. Its message is a single
/// line meant to be shown as is. System faults — I/O errors, out of memory, a native library that fails — are never
/// wrapped in it: they surface as their own exceptions (<see cref="IOException"/>, <see cref="OutOfMemoryException"/>,
/// <see cref="NstFaultException"/>), so a host can retry them instead of blaming the input.
/// </summary>
public class NstException : Exception
{
    public NstException(string message) : base(message) { }

    public NstException(string message, Exception? inner) : base(message, inner) { }

    public NstException() { }
}
