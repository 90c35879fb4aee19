using Microsoft.Extensions.Logging;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting;

/// <summary>
/// Keeps a received message invisible while its handler runs by renewing its visibility every third of the lease,
/// and tracks the pop receipt each renewal hands back (the old one stops working), so the final delete or release
/// uses the current one.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly IQueue _queue;
    private readonly string _messageId;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private bool _disposed;

    public MessageLease(IQueue queue, QueueMessage message, TimeSpan duration, TimeProvider clock, ILogger logger)
    {
        _queue = queue;
        _messageId = message.MessageId;
        PopReceipt = message.PopReceipt;
        _duration = duration;
        _clock = clock;
        _logger = logger;
        _renewal = RenewAsync(_stop.Token);
    }

    public string PopReceipt { get; private set; }

    /// <summary>Stops renewing; after this <see cref="PopReceipt"/> no longer changes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        TimeSpan interval = _duration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _clock, cancellationToken).ConfigureAwait(false);
                UpdateReceipt receipt = await _queue.UpdateMessageAsync(_messageId, PopReceipt, _duration, cancellationToken: cancellationToken).ConfigureAwait(false);
                PopReceipt = receipt.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Azure.RequestFailedException e)
        {
            // Another worker holds it now (it became visible): this run's outcome can no longer be recorded.
            _logger.LogWarning("Lost message {MessageId} on {Queue} while its handler ran: {Error}", _messageId, _queue.Name, e.Message);
        }
    }
}
