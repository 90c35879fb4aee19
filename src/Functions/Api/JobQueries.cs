using System.Text.Json;
using Microsoft.DurableTask.Client;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Api;

/// <summary>
/// Jobs as the durable client knows them: a job is its orchestration instance (the id is the same), its spec and
/// state are the instance's input and custom status or output. No blob is scanned. An instance that cannot be read
/// is shown as <c>unreadable</c> and the rest are listed.
/// </summary>
public static class JobQueries
{
    public static async Task<JobView?> GetAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!JobId.IsValid(id))
        {
            return null;
        }

        OrchestrationMetadata? instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return instance is null ? null : View(instance);
    }

    /// <summary>One page, newest first (job ids sort so), and the token of the next page.</summary>
    public static async Task<(IReadOnlyList<JobView> Jobs, string? Next)> ListAsync(DurableTaskClient client, int limit, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var query = new OrchestrationQuery { PageSize = limit, FetchInputsAndOutputs = true, ContinuationToken = continuation };
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(continuation, limit).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            return (page.Values.Where(m => m.Name == TaskNames.StyleJob).Select(View).ToList(), string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return ([], null);
    }

    public static JobView View(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        try
        {
            JobInput? input = instance.ReadInputAs<JobInput>();
            JobSnapshot? snapshot = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                ? instance.ReadOutputAs<JobSnapshot>()
                : instance.ReadCustomStatusAs<JobSnapshot>();
            JobSpec? spec = snapshot?.Spec ?? input?.Spec ?? input?.SpecOfDrop();
            JobState state = snapshot?.State ?? input?.State ?? new JobState();
            DateTime updated = instance.LastUpdatedAt.UtcDateTime;
            state = instance.RuntimeStatus switch
            {
                OrchestrationRuntimeStatus.Failed when !state.Status.IsTerminal() => state.Finished(JobStatus.Failed, updated,
                    new JobError(JobErrorCodes.OrchestrationFailed, Quote.Short(instance.FailureDetails?.ErrorMessage ?? "The job's orchestration failed."))),
                OrchestrationRuntimeStatus.Terminated when !state.Status.IsTerminal() => state.Finished(JobStatus.Cancelled, updated,
                    new JobError(JobErrorCodes.OrchestrationFailed, "The job was terminated by an operator.")),
                _ => state,
            };
            return JobView.From(instance.InstanceId, instance.CreatedAt, spec, state with { UpdatedAt = state.UpdatedAt ?? instance.LastUpdatedAt });
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return new JobView
            {
                Id = instance.InstanceId,
                Status = JobView.Unreadable,
                CreatedAt = instance.CreatedAt,
                UpdatedAt = instance.LastUpdatedAt,
                Error = new JobError(JobView.Unreadable, $"This job's record could not be read: {Quote.Short(e.Message)}"),
            };
        }
    }
}
