using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Nst.Functions.Orchestration;

/// <summary>
/// Starts a job's orchestration under the job's id, once: an id that already has an instance — running or ended — is
/// never started again (a redelivered event, a rescan, a second host: all find the job already made).
/// </summary>
public static class JobScheduler
{
    // Every status: an existing instance is never replaced, whatever state it is in.
    private static readonly IReadOnlyList<string> AllStatuses =
        Enum.GetValues<OrchestrationRuntimeStatus>().Select(s => s.ToString()).ToArray();

    /// <summary>True when this call started the instance; false when it already existed.</summary>
    public static async Task<bool> StartOnceAsync(DurableTaskClient client, JobInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(input);
        if (await client.GetInstanceAsync(input.Id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(TaskNames.StyleJob, input,
                new StartOrchestrationOptions(input.Id) { DedupeStatuses = AllStatuses }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another delivery of the same upload may have got there between the look and the start: then it is done.
            if (await client.GetInstanceAsync(input.Id, getInputsAndOutputs: false, CancellationToken.None).ConfigureAwait(false) is not null)
            {
                return false;
            }

            throw;
        }
    }
}
