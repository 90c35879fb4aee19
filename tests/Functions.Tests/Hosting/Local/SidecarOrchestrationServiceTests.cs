using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;
using Nst.Functions.Hosting.Local;

namespace Nst.Functions.Tests.Hosting.Local;

/// <summary>
/// Lock renewal of running activities. Times are checked from below only (renewals never come early); a busy machine
/// can only make them later, which the generous waits allow.
/// </summary>
public sealed class SidecarOrchestrationServiceTests : IDisposable
{
    // A quarter of 2.4 s: renewals every 600 ms; a failed one is retried after 500 ms.
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMilliseconds(2400);
    private static readonly TimeSpan Interval = LockTimeout / 4;
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(60);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeOrchestrationService _inner = new();
    private readonly RecordingLogger<SidecarOrchestrationService> _log = new();
    private readonly SidecarOrchestrationService _service;

    public SidecarOrchestrationServiceTests() => _service = new SidecarOrchestrationService(_inner, LockTimeout, _log);

    public void Dispose() => _service.Dispose();

    private static TaskActivityWorkItem WorkItem(string id) => new() { Id = id, LockedUntilUtc = DateTime.UtcNow + LockTimeout };

    private async Task<(TaskActivityWorkItem Item, long LockedAt)> LockAsync(string id)
    {
        _inner.Enqueue(WorkItem(id));
        long lockedAt = Stopwatch.GetTimestamp();
        TaskActivityWorkItem item = await _service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(id, item.Id);
        return (item, lockedAt);
    }

    private async Task WaitForRenewalsAsync(string id, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (_inner.RenewalsOf(id).Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    // No renewal after a short settling time and then two more intervals.
    private async Task AssertNoMoreRenewalsAsync(string id)
    {
        await Task.Delay(100);
        int settled = _inner.RenewalsOf(id).Count;
        await Task.Delay(Interval * 2);
        Assert.Equal(settled, _inner.RenewalsOf(id).Count);
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_Locked_RenewedEveryQuarterOfTheLockTimeout()
    {
        (TaskActivityWorkItem item, long lockedAt) = await LockAsync("a1");

        await WaitForRenewalsAsync("a1", 3);

        long[] at = [lockedAt, .. _inner.RenewalsOf("a1")];
        for (int k = 1; k < at.Length; k++)
        {
            TimeSpan gap = Stopwatch.GetElapsedTime(at[k - 1], at[k]);
            Assert.True(gap >= Interval - Slack, $"renewal {k} came {gap.TotalMilliseconds} ms after the previous, expected at least {Interval.TotalMilliseconds} ms");
        }

        Assert.Equal(1, _service.Renewing);
        await _service.CompleteTaskActivityWorkItemAsync(item, new TaskMessage());
    }

    [Fact]
    public async Task CompleteTaskActivityWorkItemAsync_AfterRenewals_StopsRenewingAndCompletesInner()
    {
        (TaskActivityWorkItem item, _) = await LockAsync("c1");
        await WaitForRenewalsAsync("c1", 1);

        await _service.CompleteTaskActivityWorkItemAsync(item, new TaskMessage());

        Assert.Equal(["c1"], _inner.Completed);
        Assert.Equal(0, _service.Renewing);
        await AssertNoMoreRenewalsAsync("c1");
    }

    [Fact]
    public async Task AbandonTaskActivityWorkItemAsync_AfterRenewals_StopsRenewingAndAbandonsInner()
    {
        (TaskActivityWorkItem item, _) = await LockAsync("b1");
        await WaitForRenewalsAsync("b1", 1);

        await _service.AbandonTaskActivityWorkItemAsync(item);

        Assert.Equal(["b1"], _inner.Abandoned);
        Assert.Equal(0, _service.Renewing);
        await AssertNoMoreRenewalsAsync("b1");
    }

    [Fact]
    public async Task StopAsync_TwoActivitiesRenewing_StopsBothAndStopsInner()
    {
        await LockAsync("s1");
        await LockAsync("s2");
        await WaitForRenewalsAsync("s1", 1);
        await WaitForRenewalsAsync("s2", 1);

        await _service.StopAsync();

        Assert.Equal(1, _inner.Stops);
        await Task.Delay(100);
        int s1 = _inner.RenewalsOf("s1").Count, s2 = _inner.RenewalsOf("s2").Count;
        await Task.Delay(Interval * 2);
        Assert.Equal((s1, s2), (_inner.RenewalsOf("s1").Count, _inner.RenewalsOf("s2").Count));
    }

    [Fact]
    public async Task RenewTaskActivityWorkItemLockAsync_Throws_RetriedAfterHalfASecondAndLogged()
    {
        _inner.OnRenew = (_, number) =>
        {
            if (number == 1)
            {
                throw new InvalidOperationException("storage unreachable");
            }
        };
        (TaskActivityWorkItem item, _) = await LockAsync("r1");

        await WaitForRenewalsAsync("r1", 2);

        IReadOnlyList<long> at = _inner.RenewalsOf("r1");
        Assert.True(Stopwatch.GetElapsedTime(at[0], at[1]) >= Retry - Slack);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("storage unreachable", StringComparison.Ordinal));
        await _service.CompleteTaskActivityWorkItemAsync(item, new TaskMessage());
    }

    [Fact]
    public async Task RenewTaskActivityWorkItemLockAsync_AnswersAfterTheLockRanOut_WarnsThatItMayHaveLapsed()
    {
        _inner.OnRenew = (_, number) =>
        {
            if (number == 1)
            {
                Thread.Sleep(LockTimeout);
            }
        };
        (TaskActivityWorkItem item, _) = await LockAsync("l1");

        await WaitForRenewalsAsync("l1", 2);

        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("may have lapsed", StringComparison.Ordinal));
        await _service.CompleteTaskActivityWorkItemAsync(item, new TaskMessage());
    }

    [Fact]
    public async Task RenewTaskActivityWorkItemLockAsync_AnswersInTime_NoWarning()
    {
        (TaskActivityWorkItem item, _) = await LockAsync("n1");

        await WaitForRenewalsAsync("n1", 2);

        Assert.DoesNotContain(_log.Entries, e => e.Level == LogLevel.Warning);
        await _service.CompleteTaskActivityWorkItemAsync(item, new TaskMessage());
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_NothingToLock_RenewsNothing()
    {
        _inner.Enqueue(null);

        TaskActivityWorkItem? item = await _service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Null(item);
        Assert.Equal(0, _service.Renewing);
    }

    private static TaskMessage Message(HistoryEvent e, string? execution) =>
        new() { Event = e, OrchestrationInstance = new OrchestrationInstance { InstanceId = "job", ExecutionId = execution } };

    private static OrchestrationRuntimeState Started(string execution)
    {
        var state = new OrchestrationRuntimeState();
        state.AddEvent(new ExecutionStartedEvent(-1, "{}") { OrchestrationInstance = new OrchestrationInstance { InstanceId = "job", ExecutionId = execution }, Name = "StyleJob" });
        return state;
    }

    [Fact]
    public void DropStale_StartAgainForAStartedInstance_DropsTheStartKeepsTheRest()
    {
        var completed = Message(new TaskCompletedEvent(-1, 0, "{}"), "e1");
        IList<TaskMessage> kept = _service.DropStale("job", Started("e1"), [Message(new ExecutionStartedEvent(-1, "{}"), "e1"), completed]);

        Assert.Equal([completed], kept);
        Assert.Contains(_log.Entries, e => e.Message.Contains("duplicate start", StringComparison.Ordinal));
    }

    [Fact]
    public void DropStale_TwoStartsForANewInstance_KeepsTheFirst()
    {
        var first = Message(new ExecutionStartedEvent(-1, "{}"), "e1");
        IList<TaskMessage> kept = _service.DropStale("job", new OrchestrationRuntimeState(), [first, Message(new ExecutionStartedEvent(-1, "{}"), "e1")]);

        Assert.Equal([first], kept);
    }

    [Fact]
    public void DropStale_MessageForAReplacedExecution_IsDropped()
    {
        var stale = Message(new TaskCompletedEvent(-1, 3, "{}"), "old");
        var current = Message(new TaskCompletedEvent(-1, 0, "{}"), "e2");
        var raised = Message(new EventRaisedEvent(-1, null) { Name = "cancel" }, null);
        IList<TaskMessage> kept = _service.DropStale("job", Started("e2"), [stale, current, raised]);

        Assert.Equal([current, raised], kept);
    }
}
