using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>
/// A <see cref="TaskOrchestrationContext"/> without an engine, for exact checks of what the orchestrator decides:
/// activities answer at once from <see cref="Activities"/> (each call moves the clock on by
/// <see cref="ActivityDuration"/>), timers fire at once and move the clock to their due time, and everything asked for
/// is recorded. Retry policies are recorded, not applied: an activity that throws here has "used up its retries".
/// </summary>
public sealed class FakeOrchestrationContext(DateTime start) : TaskOrchestrationContext
{
    private readonly TaskCompletionSource<object?> _cancel = new();

    public DateTime Now { get; private set; } = start;

    public TimeSpan ActivityDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What each activity returns for its input (throw a <see cref="TaskFailedException"/> to fail it).</summary>
    public Dictionary<string, Func<object?, object?>> Activities { get; } = new(StringComparer.Ordinal);

    public List<(string Name, object? Input, TaskOptions? Options)> Calls { get; } = [];

    /// <summary>Each timer: when it was created and when it was due.</summary>
    public List<(DateTime CreatedAt, DateTime FireAt)> Timers { get; } = [];

    public List<object?> CustomStatuses { get; } = [];

    public object? ContinuedAsNewWith { get; private set; }

    public bool ContinuedAsNew { get; private set; }

    public override TaskName Name => TaskNames.StyleJob;

    public override string InstanceId => "fake-instance";

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => Now;

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public void RaiseCancel() => _cancel.TrySetResult(null);

    public override T? GetInput<T>() where T : default => throw new NotSupportedException();

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        Calls.Add((name.Name, input, options));
        Now += ActivityDuration;
        try
        {
            return Task.FromResult((TResult)Activities[name.Name](input)!);
        }
        catch (TaskFailedException e)
        {
            return Task.FromException<TResult>(e);
        }
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        Timers.Add((Now, fireAt));
        Now = fireAt > Now ? fireAt : Now;
        return Task.CompletedTask;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        eventName == TaskNames.CancelEvent ? (Task<T>)(object)_cancel.Task : new TaskCompletionSource<T>().Task;

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus) => CustomStatuses.Add(customStatus);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinuedAsNew = true;
        ContinuedAsNewWith = newInput;
    }

    public override Guid NewGuid() => Guid.NewGuid();

    /// <summary>The exception an activity call ends with once its retries are spent.</summary>
    public static TaskFailedException Failed(string activity, string message) =>
        new(activity, 0, new TaskFailureDetails(typeof(InvalidOperationException).FullName!, message, null, null, null));
}
