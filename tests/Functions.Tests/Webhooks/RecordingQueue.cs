using Nst.Functions.Storage;

namespace Nst.Functions.Tests.Webhooks;

/// <summary>An <see cref="IQueue"/> that only records what is sent to it.</summary>
public sealed class RecordingQueue(string name = "nst-webhooks") : IQueue
{
    public List<BinaryData> Sent { get; } = [];

    public string Name => name;

    public Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task<SendReceipt> SendMessageAsync(BinaryData body, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        Sent.Add(body);
        return Task.FromResult(new SendReceipt($"m{Sent.Count}", "pop", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<QueueMessage>>([]);

    public Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, BinaryData? body = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Not expected.");

    public Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Not expected.");

    public Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(Sent.Count);
}
