using System.Diagnostics;
using DurableTask.Core;

namespace Nst.Functions.Tests.Hosting.Local;

/// <summary>
/// An <see cref="IOrchestrationService"/> that hands out the activity work items it is given and records every lock
/// renewal (with a monotonic timestamp), completion, abandonment and stop. Orchestration work is not supported.
/// </summary>
public sealed class FakeOrchestrationService : IOrchestrationService
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskActivityWorkItem?> _activities = new();
    private readonly List<(string Id, long Timestamp)> _renewals = [];
    private readonly List<string> _completed = [];
    private readonly List<string> _abandoned = [];

    /// <summary>Called on each renewal (with the renewal's number for that work item, from 1); may throw.</summary>
    public Action<TaskActivityWorkItem, int>? OnRenew { get; set; }

    public int Stops { get; private set; }

    public void Enqueue(TaskActivityWorkItem? workItem)
    {
        lock (_gate)
        {
            _activities.Enqueue(workItem);
        }
    }

    public IReadOnlyList<long> RenewalsOf(string id)
    {
        lock (_gate)
        {
            return _renewals.Where(r => r.Id == id).Select(r => r.Timestamp).ToList();
        }
    }

    public IReadOnlyList<string> Completed
    {
        get
        {
            lock (_gate)
            {
                return [.. _completed];
            }
        }
    }

    public IReadOnlyList<string> Abandoned
    {
        get
        {
            lock (_gate)
            {
                return [.. _abandoned];
            }
        }
    }

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_activities.Count > 0 ? _activities.Dequeue()! : null!);
        }
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        int number;
        lock (_gate)
        {
            _renewals.Add((workItem.Id, Stopwatch.GetTimestamp()));
            number = _renewals.Count(r => r.Id == workItem.Id);
        }

        OnRenew?.Invoke(workItem, number);
        return Task.FromResult(workItem);
    }

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        lock (_gate)
        {
            _completed.Add(workItem.Id);
        }

        return Task.CompletedTask;
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        lock (_gate)
        {
            _abandoned.Add(workItem.Id);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync() => Task.CompletedTask;

    public Task StopAsync() => StopAsync(false);

    public Task StopAsync(bool isForced)
    {
        Stops++;
        return Task.CompletedTask;
    }

    public Task CreateAsync() => Task.CompletedTask;

    public Task CreateAsync(bool recreateInstanceStore) => Task.CompletedTask;

    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    public Task DeleteAsync() => Task.CompletedTask;

    public Task DeleteAsync(bool deleteInstanceStore) => Task.CompletedTask;

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 0;

    public int TaskOrchestrationDispatcherCount => 1;

    public int MaxConcurrentTaskOrchestrationWorkItems => 1;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    public int TaskActivityDispatcherCount => 1;

    public int MaxConcurrentTaskActivityWorkItems => 1;

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        throw new NotSupportedException();

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();
}
