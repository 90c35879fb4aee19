using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>
/// The real <see cref="JobOrchestrator"/> on Microsoft.DurableTask.InProcessTestHost (in memory, no storage), with fake
/// activities under the real names. Each job's activities do what its <see cref="JobScript"/> says, looked up by job
/// id, so tests share one host without seeing each other's calls. Payloads go through the local host's data converter
/// (<see cref="JobJson.Options"/>), as in production.
/// </summary>
public sealed class OrchestrationHost : IAsyncLifetime
{
    /// <summary>An orchestration whose input is a plain string, not a <see cref="JobInput"/>.</summary>
    public const string NotAJob = "NotAJob";

    /// <summary>How long a test waits for a job before failing (never reached by a passing test).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, JobScript> _scripts = new(StringComparer.Ordinal);
    private DurableTaskTestHost? _host;

    public DurableTaskClient Client => (_host ?? throw new InvalidOperationException("The host has not started.")).Client;

    public async Task InitializeAsync()
    {
        var converter = new JsonDataConverter(JobJson.Options);
        _host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                // A lambda, not the method group: the Durable Task analyzers throw on a method group from another assembly.
                registry.AddOrchestratorFunc<JobInput, JobSnapshot>(TaskNames.StyleJob, (context, input) => JobOrchestrator.RunAsync(context, input));
                registry.AddOrchestratorFunc<string, string>(NotAJob, (context, input) => Task.FromResult(input));
                registry.AddActivity(TaskNames.PrepareDrop, _ => DurableTasks.Activity<DropRequest, PrepareResult>(r => ScriptOf(r.JobId).PrepareAsync(r)));
                registry.AddActivity(TaskNames.RunChunk, _ => DurableTasks.Activity<ChunkRequest, ChunkOutcome>(r => ScriptOf(r.Spec.Id).ChunkAsync(r)));
                registry.AddActivity(TaskNames.FinishJob, _ => DurableTasks.Activity<FinishRequest, FinishOutcome>(r => ScriptOf(r.Spec.Id).FinishAsync(r)));
                registry.AddActivity(TaskNames.SendWebhook, _ => DurableTasks.Activity<WebhookRequest, WebhookAttempt>(r => ScriptOf(JobIdOf(r)).WebhookAsync(r)));
            },
            new DurableTaskTestHostOptions
            {
                Port = Ports.Free(),
                ConfigureServices = services =>
                {
                    services.Configure<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    services.Configure<DurableTaskClientOptions>(o => o.DataConverter = converter);
                },
            });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>The fake activities of a new job.</summary>
    public JobScript Script(string jobId) =>
        _scripts.TryAdd(jobId, new JobScript(jobId)) ? _scripts[jobId] : throw new InvalidOperationException($"Job {jobId} already has a script.");

    public async Task<string> StartAsync(JobInput input)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.StyleJob, input, new StartOrchestrationOptions(input.Id), timeout.Token);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Runs the job to its end and returns the instance (output included).</summary>
    public async Task<OrchestrationMetadata> RunAsync(JobInput input) => await WaitAsync(await StartAsync(input));

    /// <summary>Runs the job to its end and returns its final snapshot (the orchestration's output).</summary>
    public async Task<JobSnapshot> RunToEndAsync(JobInput input)
    {
        OrchestrationMetadata done = await RunAsync(input);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"The orchestration ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<JobSnapshot>() ?? throw new InvalidOperationException("The orchestration has no output.");
    }

    /// <summary>The job's custom status once it satisfies <paramref name="condition"/> (polled).</summary>
    public async Task<JobSnapshot> WaitForStatusAsync(string instanceId, Func<JobSnapshot, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        string? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            OrchestrationMetadata? instance = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            last = instance?.SerializedCustomStatus;
            if (instance?.ReadCustomStatusAs<JobSnapshot>() is { } snapshot && condition(snapshot))
            {
                return snapshot;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"Job {instanceId}'s status never came to what was awaited; the last was {last ?? "(none)"}.");
        throw new InvalidOperationException("unreachable");
    }

    private JobScript ScriptOf(string jobId) =>
        _scripts.TryGetValue(jobId, out JobScript? script) ? script : throw new InvalidOperationException($"No script for job {jobId}.");

    // "msg_{jobId}_{status}" (WebhookBody.IdFor).
    private static string JobIdOf(WebhookRequest request) => request.Id["msg_".Length..request.Id.LastIndexOf('_')];
}
