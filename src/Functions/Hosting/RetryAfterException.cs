namespace Nst.Functions.Hosting;

/// <summary>
/// Thrown by a queue function to fail this attempt and ask for the next one no sooner than <see cref="Delay"/>.
/// Both hosts honour it by setting the message's visibility timeout to the delay instead of host.json's fixed
/// visibilityTimeout: the local listener does so itself; under the Functions host the custom-handler endpoint updates
/// the message (it receives its id and pop receipt) before answering 500. On the last attempt (dequeue count at
/// host.json's maxDequeueCount) it is an ordinary failure and the message goes to the poison queue.
/// </summary>
public sealed class RetryAfterException : Exception
{
    public RetryAfterException(TimeSpan delay, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    public RetryAfterException()
        : this(TimeSpan.Zero, "Retry requested.")
    {
    }

    public RetryAfterException(string message)
        : this(TimeSpan.Zero, message)
    {
    }

    public RetryAfterException(string message, Exception innerException)
        : this(TimeSpan.Zero, message, innerException)
    {
    }

    public TimeSpan Delay { get; }
}
