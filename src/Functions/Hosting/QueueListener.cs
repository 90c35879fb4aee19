using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting;

/// <summary>
/// The local host's queue trigger for one function, with the Functions host's rules from host.json: up to
/// batchSize messages run concurrently and more are fetched once newBatchThreshold or fewer remain; an idle queue is
/// polled with exponential back-off up to maxPollingInterval; a running message stays invisible (its lease is
/// renewed); success deletes it; a failure makes it visible again after visibilityTimeout (or the
/// <see cref="RetryAfterException.Delay"/> the function asked for); the failure of attempt maxDequeueCount moves the
/// body, as is, to <c>{queue}-poison</c>.
/// </summary>
public sealed class QueueListener(
    IQueueFunction function, IQueue queue, IQueue poisonQueue, QueueHostOptions options, ILogger<QueueListener> logger, TimeProvider? clock = null)
    : BackgroundService
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private bool _poisonCreated;

    public IQueueFunction Function => function;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Listening on queue {Queue} for {Function}", queue.Name, function.Name);
        var running = new List<Task>();
        TimeSpan idle = options.MinPollingInterval;
        int threshold = Math.Min(options.EffectiveNewBatchThreshold, options.BatchSize - 1);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                if (running.Count > threshold)
                {
                    await Task.WhenAny(running).ConfigureAwait(false);
                    continue;
                }

                IReadOnlyList<QueueMessage> messages = await ReceiveAsync(options.BatchSize - running.Count, stoppingToken).ConfigureAwait(false);
                foreach (QueueMessage message in messages)
                {
                    running.Add(Task.Run(() => ProcessAsync(message, stoppingToken), CancellationToken.None));
                }

                if (messages.Count > 0)
                {
                    idle = options.MinPollingInterval;
                    continue;
                }

                Task delay = Task.Delay(idle, _clock, stoppingToken);
                await Task.WhenAny(running.Append(delay)).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, Math.Max(options.MaxPollingInterval.Ticks, options.MinPollingInterval.Ticks)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Handlers see the cancelled token; their messages reappear when the lease runs out.
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int count, CancellationToken cancellationToken)
    {
        try
        {
            return await queue.ReceiveMessagesAsync(Math.Clamp(count, 1, 32), options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException)
        {
            logger.LogWarning("Polling {Queue} failed: {Error}", queue.Name, e.Message);
            return [];
        }
    }

    /// <summary>One attempt at one message; never throws.</summary>
    internal async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                // Dequeued more often than allowed without a recorded failure (the process died mid-run): poison it unseen.
                await MoveToPoisonAsync(message, message.PopReceipt, stoppingToken).ConfigureAwait(false);
                return;
            }

            Exception? failure = null;
            string popReceipt;
            await using (var lease = new MessageLease(queue, message, options.LeaseDuration, _clock, logger))
            {
                try
                {
                    var trigger = new QueueTriggerMessage(message.MessageId, message.Body, message.DequeueCount, message.InsertedOn);
                    await function.HandleAsync(trigger, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    failure = e;
                }

                await lease.DisposeAsync().ConfigureAwait(false);
                popReceipt = lease.PopReceipt;
            }

            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, stoppingToken).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= options.MaxDequeueCount)
            {
                logger.LogError(failure, "{Function} failed on message {MessageId}, attempt {Attempt} of {Max}; moving it to {Poison}",
                    function.Name, message.MessageId, message.DequeueCount, options.MaxDequeueCount, poisonQueue.Name);
                await MoveToPoisonAsync(message, popReceipt, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                TimeSpan delay = failure is RetryAfterException retry ? retry.Delay : options.VisibilityTimeout;
                logger.LogWarning("{Function} failed on message {MessageId}, attempt {Attempt} of {Max}; retrying in {Delay}: {Error}",
                    function.Name, message.MessageId, message.DequeueCount, options.MaxDequeueCount, delay, failure.Message);
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, delay, cancellationToken: stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not settle message {MessageId} on {Queue}: {Error}", message.MessageId, queue.Name, e.Message);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        if (!_poisonCreated)
        {
            await poisonQueue.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _poisonCreated = true;
        }

        await poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken).ConfigureAwait(false);
    }
}
