using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Hosting.Azure;

/// <summary>
/// A <see cref="DurableTaskClient"/> fake for trigger tests: it keeps the instances scheduled through it, answers
/// lookups from them, and refuses (as the Durable extension does with every status a dedupe list) to start an id twice.
/// </summary>
public sealed class SchedulingDurableTaskClient() : DurableTaskClient("scheduling")
{
    private readonly ConcurrentDictionary<string, (TaskName Name, JobInput Input)> _instances = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (TaskName Name, JobInput Input)> Instances => _instances;

    public int Schedules { get; private set; }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        Schedules++;
        string id = options?.InstanceId ?? throw new ArgumentException("The trigger must choose the instance id.", nameof(options));
        return _instances.TryAdd(id, (orchestratorName, (JobInput)input!))
            ? Task.FromResult(id)
            : throw new InvalidOperationException($"An instance with id {id} already exists.");
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Task.FromResult(_instances.TryGetValue(instanceId, out var instance)
            ? new OrchestrationMetadata(instance.Name.Name, instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Pending }
            : null);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
