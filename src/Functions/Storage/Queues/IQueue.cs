namespace Nst.Functions.Storage;

/// <summary>
/// One storage queue, as the pipeline uses it. <see cref="QueueClient"/> speaks the Storage REST API; tests may
/// substitute a fake. Unexpected service errors throw <see cref="Azure.RequestFailedException"/>.
/// </summary>
public interface IQueue
{
    string Name { get; }

    /// <summary>Creates the queue; false if it already existed.</summary>
    Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the queue; false if it did not exist.</summary>
    Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Puts a message, invisible for <paramref name="visibilityDelay"/>, living <paramref name="timeToLive"/>
    /// (default 7 days; <see cref="Timeout.InfiniteTimeSpan"/> for never expiring).</summary>
    Task<SendReceipt> SendMessageAsync(BinaryData body, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Gets up to <paramref name="maxMessages"/> (1–32) messages, hiding them for <paramref name="visibilityTimeout"/> (default 30 s).</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default);

    /// <summary>Hides the message for <paramref name="visibilityTimeout"/> from now and optionally replaces its body.</summary>
    Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, BinaryData? body = null, CancellationToken cancellationToken = default);

    Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default);

    /// <summary>The service's approximate count of messages in the queue.</summary>
    Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default);
}
