using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Nst.Engine;
using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;
using Nst.Engine.Session;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Chunks;

/// <summary>
/// The <see cref="TaskNames.RunChunk"/> activity: resume the job's session at the requested checkpoint (from this
/// worker's memory when it ran the previous chunk, else from blob storage), run exactly the requested iterations,
/// and write the new checkpoint — the L-BFGS pairs it names that are not stored yet, then its core named by the
/// iteration reached, all write-once — and a preview. Only the last checkpoint is written before the chunk answers;
/// any other is serialised and uploaded while the next chunk steps (a chunk's upload took 7% of its time at 512² on
/// Azurite when it waited for it), and a worker that resumes a checkpoint waits for it to be whole, or steps on from
/// an older one if its upload died with its worker. The engine is bit-deterministic, so a re-run writes the same
/// bytes; one whose checkpoint is already written answers from it without running. A user error (bad input found
/// while running) is returned, not thrown, so it is not retried.
/// </summary>
public sealed class ChunkRunner(SessionLoader loader, CheckpointStore checkpoints, SessionCache cache, PreviewWriter previews, ILogger<ChunkRunner> logger)
{
    public async Task<ChunkOutcome> RunAsync(ChunkRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        JobSpec spec = request.Spec;
        try
        {
            StyleTransferOptions options = JobOptions.Resolve(spec.Options);
            int total = Enumerable.Range(0, options.ScaleCount).Sum(options.IterationsAt);
            int target = Math.Min(total, request.FromIteration + Math.Max(1, request.Iterations));
            if (await checkpoints.ReadOutcomeAsync(spec.Id, target, cancellationToken).ConfigureAwait(false) is { } recorded)
            {
                logger.LogInformation("Chunk {Chunk} of {JobId} was already run (checkpoint at iteration {Iteration}); answering from it", request.Chunk + 1, spec.Id, target);
                return recorded with { Warm = false, RunSeconds = clock.Elapsed.TotalSeconds };
            }

            return await RunFreshAsync(request, target, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (NstException e)
        {
            JobError error = e switch
            {
                JobSubmissionException s => s.ToError(),
                OptimizationDivergedException => new JobError(JobErrorCodes.Diverged, e.Message),
                _ => new JobError(JobErrorCodes.InvalidInput, e.Message),
            };
            logger.LogWarning("Job {JobId} fails in chunk {Chunk}: {Code} {Message}", spec.Id, request.Chunk + 1, error.Code, error.Message);
            return new ChunkOutcome { Error = error, RunSeconds = clock.Elapsed.TotalSeconds };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A system fault: the orchestration retries the chunk; the worker's log says why it has to.
            logger.LogError(e, "Chunk {Chunk} of {JobId} failed after {Seconds:F1} s; it will be retried", request.Chunk + 1, spec.Id, clock.Elapsed.TotalSeconds);
            throw;
        }
    }

    private async Task<ChunkOutcome> RunFreshAsync(ChunkRequest request, int target, Stopwatch clock, CancellationToken cancellationToken)
    {
        JobSpec spec = request.Spec;
        long bytesRead = 0;
        CachedSession? entry = await cache.TakeAsync(spec.Id, request.Checkpoint).ConfigureAwait(false);
        if (entry is not null && entry.Session.Iteration > target)
        {
            // It stepped ahead past this (short) chunk; a session cannot step back.
            await entry.FlushAsync().ConfigureAwait(false);
            entry.Dispose();
            entry = null;
        }

        bool warm = entry is not null;
        logger.LogInformation("Chunk {Chunk} of {JobId} starting at iteration {From} ({Warm})", request.Chunk + 1, spec.Id, request.FromIteration, warm ? "warm" : "cold");
        if (entry is null)
        {
            (entry, bytesRead) = await loader.LoadNearestAsync(spec, request.Checkpoint, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            ChunkOutcome outcome = await StepAndSaveAsync(entry, request, target, cancellationToken).ConfigureAwait(false);
            var (aheadBudget, aheadSteps) = AheadBounds(request, outcome);
            cache.Put(entry, aheadBudget, aheadSteps);
            logger.LogInformation(
                "Chunk {Chunk} of {JobId}: iterations {From}–{To} of {Total} in {Seconds:F1} s ({Steps:F1} s stepping, {Warm}), wrote {Written:N0} bytes, read {Read:N0}",
                request.Chunk + 1, spec.Id, request.FromIteration, outcome.Iteration, outcome.TotalIterations, clock.Elapsed.TotalSeconds, outcome.StepSeconds,
                warm ? "warm" : "cold", outcome.BytesWritten, bytesRead);
            return outcome with { Warm = warm, BytesRead = bytesRead, RunSeconds = clock.Elapsed.TotalSeconds };
        }
        catch
        {
            entry.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How far the session may step ahead while the orchestration decides the next chunk (its round trip through the
    /// task hub's queues): a quarter of a chunk's time, at most 8 s, and never more steps than the next chunk will ask
    /// for — sized as the orchestration sizes it, from this chunk's speed (if it asks fewer, the session is reloaded).
    /// </summary>
    private static (TimeSpan Budget, int Steps) AheadBounds(ChunkRequest request, ChunkOutcome outcome)
    {
        if (request.ChunkSeconds <= 0 || outcome.Complete || outcome.SecondsPerIteration <= 0)
        {
            return (TimeSpan.Zero, 0);
        }

        int next = ChunkSizer.Next(
            new JobState { Progress = new JobProgress { Iteration = outcome.Iteration, Iterations = outcome.TotalIterations }, Timings = new JobTimings { SecondsPerIteration = Math.Round(outcome.SecondsPerIteration, 5) } },
            new RunSettings { ChunkSeconds = request.ChunkSeconds });
        return (TimeSpan.FromSeconds(Math.Min(request.ChunkSeconds / 4, 8)), next);
    }

    private async Task<ChunkOutcome> StepAndSaveAsync(CachedSession entry, ChunkRequest request, int target, CancellationToken cancellationToken)
    {
        StyleTransfer session = entry.Session;
        if (session.Iteration - entry.Ahead.Count > request.FromIteration)
        {
            throw new InvalidOperationException($"Job {entry.JobId}: the session is at iteration {session.Iteration - entry.Ahead.Count}, past the chunk's start {request.FromIteration}.");
        }

        // Resumed from an older checkpoint (the requested one was never written whole): the steps up to the chunk's
        // start are retaken unrecorded; the engine is deterministic, so they end where that checkpoint was.
        bool fellBack = entry.Checkpoint != request.Checkpoint;
        while (session.Iteration < request.FromIteration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Run(session.Step, cancellationToken).ConfigureAwait(false);
        }

        // Steps taken ahead while this worker waited for the chunk are its first steps.
        var steps = new List<IterationReport>(entry.Ahead);
        IterationReport? last = entry.Ahead.LastOrDefault();
        double aheadSeconds = entry.AheadSeconds;
        entry.Ahead.Clear();
        entry.AheadSeconds = 0;
        var stepping = Stopwatch.StartNew();
        while (session.Iteration < target && !session.IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            last = await Task.Run(session.Step, cancellationToken).ConfigureAwait(false);
            steps.Add(last!);
        }

        double stepSeconds = aheadSeconds + stepping.Elapsed.TotalSeconds;

        // The checkpoint this chunk resumed has been uploading beside its steps; it must be whole before anything
        // older is deleted. (A failed upload fails the chunk: its retry resumes from an older checkpoint.)
        long written = 0;
        if (entry.PendingWrite is { } pending)
        {
            entry.PendingWrite = null;
            written += await pending.ConfigureAwait(false);
        }

        var (core, finalPairs) = CheckpointPairs.Split(session.Export(copy: false));
        var outcome = new ChunkOutcome
        {
            Iteration = session.Iteration,
            TotalIterations = session.TotalIterations,
            Scale = session.Scale,
            Scales = session.ScaleCount,
            Complete = session.IsComplete,
            Losses = last is null ? null : new JobLosses { Content = last.Loss.Content, Style = last.Loss.Style, Tv = last.Loss.TotalVariation, Total = last.Loss.Total },
            History = steps.Select(r => new JobHistoryPoint(r.Iteration, r.Loss.Total)).ToList(),
            Best = session.BestLoss is { } best && session.BestIteration is int bestAt ? new JobHistoryPoint(bestAt, best.Total) : null,
            Final = session.IsComplete && session.FinalLoss is { } final ? new JobHistoryPoint(session.Iteration, final.Total) : null,
            Preview = JobPaths.Reference(JobPaths.Preview(entry.JobId)),
            StepSeconds = Math.Round(stepSeconds, 4),
            SecondsPerIteration = Median(steps.Select(r => r.SecondsPerIteration)),
        };
        CheckpointWrite write = CheckpointWrite.Prepare(checkpoints.Jobs, entry.JobId, core, finalPairs, entry.StoredPairs, outcome);
        written += await previews.WriteAsync(entry.JobId, session.RenderCurrent(), cancellationToken).ConfigureAwait(false);

        // Superseded: the checkpoint before the one resumed — unless an older one was resumed, which stays as what a
        // lost upload falls back to — and every pair neither the resumed nor the new checkpoint names.
        List<string> keys = finalPairs.Select(p => p.Key).ToList();
        await checkpoints.DeleteSupersededAsync(entry.JobId, fellBack ? null : request.Obsolete, entry.CheckpointKeys.Concat(keys), entry.StoredPairs, cancellationToken).ConfigureAwait(false);

        // The last checkpoint is written before the chunk answers (the result is rendered from it); any other is
        // uploaded while the next chunk steps, which a worker resuming it waits for (SessionLoader.PendingWait).
        Task<long> upload = WriteLoggedAsync(write, entry.JobId);
        if (outcome.Complete)
        {
            written += await upload.ConfigureAwait(false);
        }
        else
        {
            entry.PendingWrite = upload;
        }

        entry.Checkpoint = write.Reference;
        entry.CheckpointKeys = keys;
        return outcome with { Checkpoint = write.Reference, BytesWritten = written };
    }

    private async Task<long> WriteLoggedAsync(CheckpointWrite write, string jobId)
    {
        try
        {
            return await write.WriteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Checkpoint {Checkpoint} of {JobId} was not written; its job resumes from an older one", write.Reference, jobId);
            throw;
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : Math.Round(sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2, 5);
    }
}
