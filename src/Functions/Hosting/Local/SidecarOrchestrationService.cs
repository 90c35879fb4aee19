using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace Nst.Functions.Hosting.Local;

/// <summary>
/// The local host's orchestration service: the Azure Storage provider, with what the gRPC sidecar's dispatcher
/// (Microsoft.DurableTask.InProcessTestHost) leaves out but the Durable Task Framework's own dispatchers do:
/// <list type="bullet">
/// <item>Activity locks are renewed. The sidecar never renews one, so a chunk that outlived the work-item queue's
/// visibility timeout would be handed to a second worker while the first still ran. Each activity's queue message is
/// renewed every quarter of that timeout (a failed renewal is retried within half a second) until the activity
/// completes or is abandoned; a killed worker renews nothing,
/// so its chunk reappears within one timeout — which can therefore be short (20 s) however long a chunk runs.</item>
/// <item>Stale messages are dropped. After a crash a start message can be delivered again for an instance whose
/// history already has it, and a message can arrive for an execution that ContinueAsNew has replaced; the sidecar
/// would add them to the history ("Multiple ExecutionStartedEvent found") and fail the instance's every episode. They
/// are dropped as the framework drops them (they are still deleted from the queue with the rest of the batch).</item>
/// </list>
/// </summary>
public sealed class SidecarOrchestrationService(IOrchestrationService inner, TimeSpan lockTimeout, ILogger logger) : IOrchestrationService, IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _renewals = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private static readonly TimeSpan s_retry = TimeSpan.FromMilliseconds(500);
    private readonly TimeSpan _interval = TimeSpan.FromTicks(Math.Max(s_retry.Ticks, lockTimeout.Ticks / 4));

    /// <summary>Activities whose locks are being renewed now.</summary>
    public int Renewing => _renewals.Count;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskActivityWorkItem workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            var renewal = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            if (_renewals.TryAdd(workItem.Id, renewal))
            {
                _ = RenewUntilDoneAsync(workItem, renewal.Token);
            }
            else
            {
                renewal.Dispose();
            }
        }

        return workItem!;
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        StopRenewing(workItem.Id);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        StopRenewing(workItem.Id);
        await inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    private async Task RenewUntilDoneAsync(TaskActivityWorkItem workItem, CancellationToken done)
    {
        DateTime lockedUntil = DateTime.UtcNow + lockTimeout;
        TimeSpan wait = _interval;
        try
        {
            while (true)
            {
                await Task.Delay(wait, done).ConfigureAwait(false);
                DateTime asked = DateTime.UtcNow;
                try
                {
                    await inner.RenewTaskActivityWorkItemLockAsync(workItem).ConfigureAwait(false);
                    wait = _interval;
                    DateTime renewed = DateTime.UtcNow;
                    if (renewed > lockedUntil)
                    {
                        // Another worker may have taken the message meanwhile; its run writes the same bytes (chunks
                        // are deterministic and write-once), but the lock timeout is too short for this machine.
                        logger.LogWarning("The lock of activity {WorkItem} may have lapsed (renewed {Seconds:F1} s after it ran out)", workItem.Id, (renewed - lockedUntil).TotalSeconds);
                    }

                    lockedUntil = asked + lockTimeout;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage unreachable for a moment: try again soon, while the lock still holds.
                    logger.LogWarning("Renewing the lock of activity {WorkItem} failed: {Error}", workItem.Id, e.Message);
                    wait = s_retry;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void StopRenewing(string id)
    {
        if (_renewals.TryRemove(id, out CancellationTokenSource? renewal))
        {
            renewal.Cancel();
            renewal.Dispose();
        }
    }

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => StopAsync(false);

    /// <summary>
    /// Stops renewing, then the provider, then frees it. Never throws: the sidecar calls this from an <c>async void</c>
    /// shutdown handler, where an exception would take the whole process down.
    /// </summary>
    public async Task StopAsync(bool isForced)
    {
        StopAllRenewals();
        try
        {
            await inner.StopAsync(isForced).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The provider throws when it was never started (no worker connected) or is stopped twice; either way it is stopped.
            logger.LogDebug("Stopping the durable engine: {Error}", e.Message);
        }

        (inner as IDisposable)?.Dispose();
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskOrchestrationWorkItem workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem?.NewMessages is { Count: > 0 } messages)
        {
            workItem.NewMessages = DropStale(workItem.InstanceId, workItem.OrchestrationRuntimeState, messages);
        }

        return workItem!;
    }

    /// <summary>The messages without duplicate starts and without those for an execution other than the current one.</summary>
    public IList<TaskMessage> DropStale(string instanceId, OrchestrationRuntimeState? state, IList<TaskMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        bool started = state?.ExecutionStartedEvent is not null;
        string? execution = state?.OrchestrationInstance?.ExecutionId;
        var kept = new List<TaskMessage>(messages.Count);
        foreach (TaskMessage message in messages)
        {
            if (message.Event is ExecutionStartedEvent)
            {
                if (started)
                {
                    logger.LogWarning("Dropping a duplicate start message for {Instance}", instanceId);
                    continue;
                }

                started = true;
                execution ??= message.OrchestrationInstance?.ExecutionId;
            }
            else if (execution is not null && message.OrchestrationInstance?.ExecutionId is { Length: > 0 } target && target != execution)
            {
                logger.LogWarning("Dropping a {Event} message for {Instance}'s replaced execution {Execution}", message.Event.EventType, instanceId, target);
                continue;
            }

            kept.Add(message);
        }

        return kept;
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public void Dispose() => StopAllRenewals();

    private void StopAllRenewals()
    {
        lock (_stopping)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }
        }

        foreach (string id in _renewals.Keys.ToList())
        {
            StopRenewing(id);
        }
    }
}
