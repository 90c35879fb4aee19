using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Nst.Functions.Chunks;
using Nst.Functions.Drops;
using Nst.Functions.Jobs;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Orchestration;

/// <summary>
/// The orchestrator and activities for a Durable Task worker that is not the Functions host's (the local host, and
/// tests): the same names and the same code the Functions app's triggers call.
/// </summary>
public static class DurableTasks
{
    public static DurableTaskRegistry AddNstTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<JobInput, JobSnapshot>(TaskNames.StyleJob, JobOrchestrator.RunAsync);
        registry.AddActivity(TaskNames.PrepareDrop, sp => Activity<DropRequest, PrepareResult>(r => sp.GetRequiredService<JobBuilder>().PrepareAsync(r)));
        registry.AddActivity(TaskNames.RunChunk, sp => Activity<ChunkRequest, ChunkOutcome>(r => sp.GetRequiredService<ChunkRunner>().RunAsync(r)));
        registry.AddActivity(TaskNames.FinishJob, sp => Activity<FinishRequest, FinishOutcome>(r => sp.GetRequiredService<JobFinisher>().FinishAsync(r)));
        registry.AddActivity(TaskNames.SendWebhook, sp => Activity<WebhookRequest, WebhookAttempt>(r => sp.GetRequiredService<WebhookDelivery>().SendAsync(r)));
        return registry;
    }

    /// <summary>An activity that runs <paramref name="run"/> on its input.</summary>
    public static ITaskActivity Activity<TInput, TOutput>(Func<TInput, Task<TOutput>> run) => new DelegateActivity<TInput, TOutput>(run);

    private sealed class DelegateActivity<TInput, TOutput>(Func<TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(input);
    }
}
