using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Nst.Functions.Jobs;

namespace Nst.Functions.Orchestration;

/// <summary>
/// One job, as a durable orchestration (DESIGN.md §3): make the job from its drop if need be, then run chunks — each
/// sized from the last one's speed, each resuming the checkpoint the last one wrote — until the run completes, write
/// the result, and tell the webhook. Progress is the custom status; a cancel event is honoured at the next chunk
/// boundary; every <see cref="RunSettings.ChunksPerGeneration"/> chunks the history starts afresh (ContinueAsNew). It
/// reads no clock, configuration or storage of its own: replays decide the same.
/// </summary>
public static class JobOrchestrator
{
    public static async Task<JobSnapshot> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger log = context.CreateReplaySafeLogger(typeof(JobOrchestrator));
        RunSettings settings = input.Settings;
        JobState state = input.State;
        Task<object?> cancel = context.WaitForExternalEvent<object?>(TaskNames.CancelEvent);

        JobSpec? spec = input.Spec;
        if (spec is null)
        {
            DropRequest drop = input.Drop ?? throw new InvalidOperationException($"Job {input.Id} has neither a spec nor a drop to make one from.");
            PrepareResult prepared;
            try
            {
                prepared = await context.CallActivityAsync<PrepareResult>(TaskNames.PrepareDrop, drop, StorageRetry(settings));
            }
            catch (TaskFailedException e)
            {
                var error = new JobError(JobErrorCodes.PrepareFailed, $"Making the job from inbox/{Quote.Short(drop.Blob)} failed {settings.StorageAttempts} times; last error: {Quote.Short(e.FailureDetails.ErrorMessage)}");
                return await EndAsync(context, settings, input.SpecOfDrop(), state.Finished(JobStatus.Failed, context.CurrentUtcDateTime, error));
            }

            spec = prepared.Spec;
            if (prepared.Error is { } refused)
            {
                log.LogWarning("Job {JobId} from inbox/{Blob} fails at once: {Code} {Message}", input.Id, drop.Blob, refused.Code, refused.Message);
                return await EndAsync(context, settings, spec, state.Finished(JobStatus.Failed, context.CurrentUtcDateTime, refused));
            }
        }

        state = JobProgression.Started(state, spec, context.CurrentUtcDateTime);
        context.SetCustomStatus(new JobSnapshot(spec, state));
        string? obsolete = input.Obsolete;
        int chunksThisGeneration = 0;
        while (true)
        {
            if (cancel.IsCompleted)
            {
                return await EndAsync(context, settings, spec, state.Finished(JobStatus.Cancelled, context.CurrentUtcDateTime) with { CancelRequested = true });
            }

            int iterations = ChunkSizer.Next(state, settings);
            var request = new ChunkRequest(spec, state.Progress.Chunk, state.Progress.Checkpoint, state.Progress.Iteration, iterations, obsolete, settings.ChunkSeconds);
            Task<ChunkOutcome> running = context.CallActivityAsync<ChunkOutcome>(TaskNames.RunChunk, request, ChunkRetry(settings));
            if (!cancel.IsCompleted && await Task.WhenAny(running, cancel) == cancel && !running.IsCompleted)
            {
                // Show the request at once; the chunk still finishes and is kept.
                state = state with { CancelRequested = true, UpdatedAt = context.CurrentUtcDateTime };
                context.SetCustomStatus(new JobSnapshot(spec, state));
            }

            ChunkOutcome outcome;
            try
            {
                outcome = await running;
            }
            catch (TaskFailedException e)
            {
                var error = new JobError(JobErrorCodes.ChunkFailed,
                    $"Chunk {state.Progress.Chunk + 1} failed {settings.MaxChunkAttempts} times; last error: {Quote.Short(e.FailureDetails.ErrorMessage)}");
                return await EndAsync(context, settings, spec, state.Finished(JobStatus.Failed, context.CurrentUtcDateTime, error));
            }

            if (outcome.Error is { } inputError)
            {
                return await EndAsync(context, settings, spec, state.Finished(JobStatus.Failed, context.CurrentUtcDateTime, inputError));
            }

            obsolete = state.Progress.Checkpoint;
            state = JobProgression.After(state, outcome, context.CurrentUtcDateTime);
            context.SetCustomStatus(new JobSnapshot(spec, state));
            if (outcome.Complete)
            {
                break;
            }

            if (++chunksThisGeneration >= settings.ChunksPerGeneration && !cancel.IsCompleted)
            {
                context.ContinueAsNew(input with { Spec = spec, Drop = null, State = state, Obsolete = obsolete }, preserveUnprocessedEvents: true);
                return new JobSnapshot(spec, state);
            }
        }

        if (cancel.IsCompleted)
        {
            return await EndAsync(context, settings, spec, state.Finished(JobStatus.Cancelled, context.CurrentUtcDateTime) with { CancelRequested = true });
        }

        try
        {
            FinishOutcome finished = await context.CallActivityAsync<FinishOutcome>(TaskNames.FinishJob, new FinishRequest(spec, state.Progress.Checkpoint!, state), StorageRetry(settings));
            state = finished.Error is { } outputError
                ? state.Finished(JobStatus.Failed, context.CurrentUtcDateTime, outputError)
                : state.Finished(JobStatus.Succeeded, context.CurrentUtcDateTime);
        }
        catch (TaskFailedException e)
        {
            state = state.Finished(JobStatus.Failed, context.CurrentUtcDateTime, new JobError(JobErrorCodes.FinishFailed, $"Writing the result failed: {Quote.Short(e.FailureDetails.ErrorMessage)}"));
        }

        return await EndAsync(context, settings, spec, state);
    }

    private static TaskOptions StorageRetry(RunSettings settings) => TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: Math.Max(1, settings.StorageAttempts),
        firstRetryInterval: settings.StorageRetryInterval > TimeSpan.Zero ? settings.StorageRetryInterval : TimeSpan.FromMilliseconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1)));

    private static TaskOptions ChunkRetry(RunSettings settings) => TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: Math.Max(1, settings.MaxChunkAttempts),
        firstRetryInterval: settings.ChunkRetryInterval > TimeSpan.Zero ? settings.ChunkRetryInterval : TimeSpan.FromMilliseconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(2)));

    // The job has ended: record it, then deliver its webhook with durable retries (a timer between attempts), the
    // same id and body every time, and record how that went.
    private static async Task<JobSnapshot> EndAsync(TaskOrchestrationContext context, RunSettings settings, JobSpec spec, JobState state)
    {
        context.SetCustomStatus(new JobSnapshot(spec, state));
        string? url = spec.WebhookUrl ?? settings.DefaultWebhookUrl;
        if (url is null)
        {
            return new JobSnapshot(spec, state);
        }

        var request = new WebhookRequest(WebhookBody.IdFor(spec.Id, state.Status), url, WebhookBody.Build(spec, state));
        var hook = new JobWebhookState { Url = url, Id = request.Id, Event = state.Status.EventName() };
        for (int attempt = 1; ; attempt++)
        {
            WebhookAttempt result;
            try
            {
                result = await context.CallActivityAsync<WebhookAttempt>(TaskNames.SendWebhook, request);
            }
            catch (TaskFailedException e)
            {
                result = new WebhookAttempt(false, false, null, e.FailureDetails.ErrorMessage);
            }

            hook = hook with { Attempts = attempt, LastError = result.Error is null ? null : Quote.Short(result.Error), NextAttemptAt = null };
            if (result.Delivered || result.Refused || attempt >= settings.WebhookMaxAttempts)
            {
                hook = hook with
                {
                    State = result.Delivered ? WebhookStates.Delivered : result.Refused ? WebhookStates.Refused : WebhookStates.Failed,
                    DeliveredAt = result.Delivered ? context.CurrentUtcDateTime : null,
                };
                break;
            }

            DateTime next = context.CurrentUtcDateTime + settings.WebhookBackoffAfter(attempt);
            state = state with { Webhook = hook with { NextAttemptAt = next } };
            context.SetCustomStatus(new JobSnapshot(spec, state));
            await context.CreateTimer(next, CancellationToken.None);
        }

        state = state with { Webhook = hook, UpdatedAt = context.CurrentUtcDateTime };
        context.SetCustomStatus(new JobSnapshot(spec, state));
        return new JobSnapshot(spec, state);
    }
}
