using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nst.Engine;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Chain;

/// <summary>
/// One link of the chunk chain (DESIGN.md §3). A message for a finished job or an already committed chunk is a
/// no-op that only keeps the chain going; otherwise the runner leases the job, runs one chunk from the committed
/// checkpoint, writes the next checkpoint under a new name, commits job.json with <c>If-Match</c> (the only commit
/// point), then deletes the old checkpoint, writes the preview and enqueues the next chunk — or, at the end, writes
/// the result and report, commits success and queues the webhook. User errors fail the job at once; other errors
/// are rethrown for the host to retry, until the last attempt, which fails the job with <c>chunk_failed</c>.
/// </summary>
public sealed class ChunkRunner(
    PipelineResources resources,
    JobStore store,
    ChunkQueue chunks,
    JobNotifier notifier,
    ChunkInputLoader loader,
    IOptions<NstSettings> settings,
    TimeProvider time,
    ILogger<ChunkRunner> logger)
{
    /// <summary>How long a chunk message waits when another worker holds the job.</summary>
    public static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(5);

    /// <summary>How often a running chunk looks at job.json's ETag for a cancel request.</summary>
    public static readonly TimeSpan CancelPollInterval = TimeSpan.FromSeconds(2);

    private readonly string _jobs = resources.Container(PipelineNames.JobsContainer);

    public async Task RunAsync(ChunkMessage message, long dequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        StoredJob? stored = await store.GetAsync(message.JobId, cancellationToken).ConfigureAwait(false);
        if (stored is null || await SettleAsync(stored.Record, message, dequeueCount, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var lease = await JobLease.TryAcquireAsync(resources, message.JobId, TimeSpan.FromSeconds(settings.Value.LeaseSeconds), logger, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            logger.LogInformation("Job {JobId} is busy on another worker; chunk {Chunk} retries in {Delay}", message.JobId, message.Chunk, BusyDelay);
            await chunks.EnqueueAsync(message.JobId, message.Chunk, BusyDelay, cancellationToken).ConfigureAwait(false);
            return;
        }

        await using (lease.ConfigureAwait(false))
        {
            // Read again under the lease: the holder before us may have committed this very chunk.
            stored = await store.GetAsync(message.JobId, cancellationToken).ConfigureAwait(false);
            if (stored is null || await SettleAsync(stored.Record, message, dequeueCount, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            try
            {
                await RunLeasedAsync(stored, message, cancellationToken).ConfigureAwait(false);
            }
            catch (NstException e)
            {
                JobError error = e is JobSubmissionException s ? s.ToError() : new JobError(JobErrorCodes.InvalidInput, e.Message);
                logger.LogWarning("Job {JobId} fails on chunk {Chunk}: {Code} {Message}", message.JobId, message.Chunk, error.Code, error.Message);
                await FailAsync(message, error, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && dequeueCount >= settings.Value.MaxChunkAttempts)
            {
                logger.LogError(e, "Job {JobId} chunk {Chunk} failed on its last attempt ({Attempt})", message.JobId, message.Chunk, dequeueCount);
                await FailAsync(message, new JobError(JobErrorCodes.ChunkFailed, $"Chunk {message.Chunk} failed {dequeueCount} times: {e.Message}"), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Job {JobId} chunk {Chunk} failed (attempt {Attempt}); the host will retry", message.JobId, message.Chunk, dequeueCount);
                await store.UpdateAsync(message.JobId, job => job.Status.IsTerminal() || job.Progress.Chunk != message.Chunk
                    ? null
                    : job with { Attempts = new JobAttempts { Chunk = message.Chunk, Failures = (int)dequeueCount } }, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    // True when the message needs no work: the job is finished, the chunk is already committed (then the chain is
    // nudged on), the message is from nowhere, or a cancel was requested (then the job is cancelled here).
    private async Task<bool> SettleAsync(JobRecord job, ChunkMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        if (job.Status.IsTerminal())
        {
            // A redelivery of the message that finished the job may have crashed before queuing the webhook; its id is
            // fixed, so a second copy is deduplicated by the receiver.
            if (dequeueCount > 1 && message.Chunk == job.Progress.Chunk - 1)
            {
                await notifier.EnqueueAsync(job, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        if (message.Chunk < job.Progress.Chunk)
        {
            logger.LogInformation("Chunk {Chunk} of {JobId} is already committed; making sure chunk {Next} is queued", message.Chunk, job.Id, job.Progress.Chunk);
            await chunks.EnqueueAsync(job.Id, job.Progress.Chunk, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (message.Chunk > job.Progress.Chunk)
        {
            logger.LogWarning("Chunk {Chunk} of {JobId} is ahead of the committed chunk {Committed}; dropping it", message.Chunk, job.Id, job.Progress.Chunk);
            return true;
        }

        if (job.CancelRequested)
        {
            await CancelAsync(job.Id, cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task RunLeasedAsync(StoredJob stored, ChunkMessage message, CancellationToken cancellationToken)
    {
        JobRecord job = stored.Record;
        ETag etag = stored.ETag;
        if (job.Status == JobStatus.Queued)
        {
            DateTimeOffset now = time.GetUtcNow();
            job = job with
            {
                Status = JobStatus.Running,
                StartedAt = now,
                Timings = job.Timings with { QueuedSeconds = Math.Round((now - job.CreatedAt).TotalSeconds, 3) },
            };
            if (await store.TryReplaceAsync(job, etag, cancellationToken).ConfigureAwait(false) is not { } started)
            {
                // Changed meanwhile (a cancel): the host retries the message, which then sees the new state.
                throw new InvalidOperationException($"Job {job.Id} changed while starting; retrying.");
            }

            etag = started;
        }

        logger.LogInformation("Chunk {Chunk} of {JobId} starting at iteration {Iteration}", message.Chunk, job.Id, job.Progress.Iteration);
        ChunkInputs inputs = await loader.LoadAsync(job, cancellationToken).ConfigureAwait(false);
        using var watch = new CancelWatch(store, job.Id, etag, CancelPollInterval, time);
        var budget = TimeSpan.FromSeconds(settings.Value.ChunkSeconds);
        ChunkResult result = await Task.Run(() => ChunkWork.Run(inputs, budget, () => watch.CancelRequested, cancellationToken), cancellationToken).ConfigureAwait(false);
        await watch.StopAsync().ConfigureAwait(false);

        if (result.IsComplete)
        {
            await FinishAsync(job, etag, message, result, inputs, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CommitChunkAsync(job, etag, message, result, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CommitChunkAsync(JobRecord job, ETag etag, ChunkMessage message, ChunkResult result, CancellationToken cancellationToken)
    {
        string checkpoint = JobPaths.Checkpoint(job.Id, message.Chunk + 1);
        await resources.Blobs.UploadAsync(_jobs, checkpoint, BinaryData.FromBytes(result.Checkpoint!), cancellationToken: cancellationToken).ConfigureAwait(false);
        string preview = JobPaths.Reference(JobPaths.Preview(job.Id));
        JobRecord? committed = await CommitAsync(job, etag, message, current =>
        {
            JobRecord next = ChunkProgress.Apply(current, message.Chunk, result, JobPaths.Reference(checkpoint), preview);
            return current.CancelRequested ? JobTransitions.Cancelled(next, time.GetUtcNow()) : next;
        }, cancellationToken).ConfigureAwait(false);
        if (committed is null)
        {
            return;
        }

        if (job.Progress.Checkpoint is { } previous && previous != JobPaths.Reference(checkpoint))
        {
            await resources.Blobs.DeleteIfExistsAsync(_jobs, BlobPath.Parse(previous).Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await UploadPreviewAsync(job.Id, result, cancellationToken).ConfigureAwait(false);
        if (committed.Status == JobStatus.Cancelled)
        {
            logger.LogInformation("Job {JobId} cancelled after chunk {Chunk}", job.Id, message.Chunk);
            await notifier.EnqueueAsync(committed, cancellationToken).ConfigureAwait(false);
            return;
        }

        await chunks.EnqueueAsync(job.Id, message.Chunk + 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Chunk {Chunk} of {JobId} committed at iteration {Iteration}/{Total}", message.Chunk, job.Id, result.Iteration, result.TotalIterations);
    }

    private async Task FinishAsync(JobRecord job, ETag etag, ChunkMessage message, ChunkResult result, ChunkInputs inputs, CancellationToken cancellationToken)
    {
        BlobPath output = BlobPath.Parse(job.Output!);
        await resources.Blobs.UploadAsync(resources.Container(output.Container), output.Name, BinaryData.FromBytes(result.Output!),
            new Storage.BlobUploadOptions { ContentType = ContentTypeOf(inputs.OutputFormat) }, cancellationToken).ConfigureAwait(false);
        string preview = JobPaths.Reference(JobPaths.Preview(job.Id));
        DateTimeOffset now = time.GetUtcNow();
        JobRecord Succeed(JobRecord current) =>
            JobTransitions.Succeeded(ChunkProgress.Apply(current, message.Chunk, result, checkpoint: null, preview), now);

        // The report is written before the commit so a succeeded job always has one; it describes the record as committed.
        JobRecord final = Succeed(job);
        BlobPath report = BlobPath.Parse(job.Report!);
        await resources.Blobs.UploadAsync(resources.Container(report.Container), report.Name, JobReport.Build(final, result, inputs.Weights.Source),
            new Storage.BlobUploadOptions { ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
        JobRecord? committed = await CommitAsync(job, etag, message, Succeed, cancellationToken).ConfigureAwait(false);
        if (committed is null)
        {
            return;
        }

        if (job.Progress.Checkpoint is { } previous)
        {
            await resources.Blobs.DeleteIfExistsAsync(_jobs, BlobPath.Parse(previous).Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await UploadPreviewAsync(job.Id, result, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Job {JobId} succeeded after {Iterations} iterations; result at {Output}", job.Id, result.Iteration, job.Output);
        await notifier.EnqueueAsync(committed, cancellationToken).ConfigureAwait(false);
    }

    // Compare-and-swap of job.json: on a lost race re-read, and re-apply only if the job still waits for this chunk
    // (a cancel request landed meanwhile); null when someone else committed it or the job finished.
    private async Task<JobRecord?> CommitAsync(JobRecord job, ETag etag, ChunkMessage message, Func<JobRecord, JobRecord> apply, CancellationToken cancellationToken)
    {
        JobRecord current = job;
        while (true)
        {
            JobRecord next = apply(current);
            if (await store.TryReplaceAsync(next, etag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return next;
            }

            StoredJob? fresh = await store.GetAsync(job.Id, cancellationToken).ConfigureAwait(false);
            if (fresh is null || fresh.Record.Status.IsTerminal() || fresh.Record.Progress.Chunk != message.Chunk)
            {
                logger.LogWarning("Chunk {Chunk} of {JobId} was committed elsewhere or the job ended; discarding this run", message.Chunk, job.Id);
                return null;
            }

            (current, etag) = (fresh.Record, fresh.ETag);
        }
    }

    private async Task FailAsync(ChunkMessage message, JobError error, CancellationToken cancellationToken)
    {
        bool failedNow = false;
        StoredJob? stored = await store.UpdateAsync(message.JobId, job =>
        {
            failedNow = !job.Status.IsTerminal();
            return failedNow ? JobTransitions.Failed(job, error, time.GetUtcNow()) : null;
        }, cancellationToken).ConfigureAwait(false);
        if (failedNow && stored is not null)
        {
            await notifier.EnqueueAsync(stored.Record, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        bool cancelledNow = false;
        StoredJob? stored = await store.UpdateAsync(jobId, job =>
        {
            cancelledNow = !job.Status.IsTerminal();
            return cancelledNow ? JobTransitions.Cancelled(job, time.GetUtcNow()) : null;
        }, cancellationToken).ConfigureAwait(false);
        if (cancelledNow && stored is not null)
        {
            logger.LogInformation("Job {JobId} cancelled", jobId);
            await notifier.EnqueueAsync(stored.Record, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<Storage.BlobWriteResult> UploadPreviewAsync(string jobId, ChunkResult result, CancellationToken cancellationToken) =>
        resources.Blobs.UploadAsync(_jobs, JobPaths.Preview(jobId), BinaryData.FromBytes(result.Preview),
            new Storage.BlobUploadOptions { ContentType = "image/jpeg" }, cancellationToken);

    private static string ContentTypeOf(Nst.Engine.Imaging.ImageFormat format) => format switch
    {
        Nst.Engine.Imaging.ImageFormat.Jpeg => "image/jpeg",
        Nst.Engine.Imaging.ImageFormat.Png => "image/png",
        _ => "image/webp",
    };
}
