using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Nst.Functions.Tests.Hosting.Azure;

/// <summary>A <see cref="DurableTaskClient"/> that records every call it gets and then refuses it.</summary>
public sealed class RecordingDurableTaskClient() : DurableTaskClient("recording")
{
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls => _calls;

    private NotSupportedException Refuse(string call)
    {
        _calls.Add(call);
        return new NotSupportedException($"{call} was not expected.");
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        throw Refuse(nameof(ScheduleNewOrchestrationInstanceAsync));

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        throw Refuse(nameof(RaiseEventAsync));

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw Refuse(nameof(WaitForInstanceStartAsync));

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw Refuse(nameof(WaitForInstanceCompletionAsync));

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw Refuse(nameof(SuspendInstanceAsync));

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw Refuse(nameof(ResumeInstanceAsync));

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw Refuse(nameof(GetInstancesAsync));

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        throw Refuse(nameof(GetAllInstancesAsync));

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
