using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Nst.Functions.Chunks;
using Nst.Functions.Drops;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Hosting.Azure;

/// <summary>The orchestrator and activities as isolated-worker functions: thin adapters over the code the local host runs too.</summary>
public sealed class JobFunctions(JobBuilder builder, ChunkRunner chunks, JobFinisher finisher, WebhookDelivery webhooks)
{
    [Function(TaskNames.StyleJob)]
    public static Task<JobSnapshot> StyleJob([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return JobOrchestrator.RunAsync(context, context.GetInput<JobInput>() ?? throw new InvalidOperationException("The job's orchestration has no input."));
    }

    [Function(TaskNames.PrepareDrop)]
    public Task<PrepareResult> PrepareDrop([ActivityTrigger] DropRequest request, FunctionContext context) =>
        builder.PrepareAsync(request, context?.CancellationToken ?? default);

    [Function(TaskNames.RunChunk)]
    public Task<ChunkOutcome> RunChunk([ActivityTrigger] ChunkRequest request, FunctionContext context) =>
        chunks.RunAsync(request, context?.CancellationToken ?? default);

    [Function(TaskNames.FinishJob)]
    public Task<FinishOutcome> FinishJob([ActivityTrigger] FinishRequest request, FunctionContext context) =>
        finisher.FinishAsync(request, context?.CancellationToken ?? default);

    [Function(TaskNames.SendWebhook)]
    public Task<WebhookAttempt> SendWebhook([ActivityTrigger] WebhookRequest request, FunctionContext context) =>
        webhooks.SendAsync(request, context?.CancellationToken ?? default);
}
