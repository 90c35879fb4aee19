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
/// iteration reached, all write-once — and a preview. Pairs are written after the steps, not beside them: uploads
/// running during the steps slowed the two-thread optimisation by a third on two cores (measured at 256²), and only
/// the pairs the new checkpoint names are needed (a long chunk's earlier pairs have already left L-BFGS's history). The engine is bit-deterministic, so a re-run writes the same bytes; one whose
/// checkpoint is already written answers from it without running. A user error (bad input found while running)
/// is returned, not thrown, so it is not retried.
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
            entry.Dispose();
            entry = null;
        }

        bool warm = entry is not null;
        logger.LogInformation("Chunk {Chunk} of {JobId} starting at iteration {From} ({Warm})", request.Chunk + 1, spec.Id, request.FromIteration, warm ? "warm" : "cold");
        if (entry is null)
        {
            (entry, bytesRead) = await loader.LoadAsync(spec, request.Checkpoint, cancellationToken).ConfigureAwait(false);
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
        int done = Math.Max(1, outcome.Iteration - request.FromIteration);
        if (request.ChunkSeconds <= 0 || outcome.Complete || outcome.StepSeconds <= 0)
        {
            return (TimeSpan.Zero, 0);
        }

        int next = ChunkSizer.Next(
            new JobState { Progress = new JobProgress { Iteration = outcome.Iteration, Iterations = outcome.TotalIterations }, Timings = new JobTimings { SecondsPerIteration = outcome.StepSeconds / done } },
            new RunSettings { ChunkSeconds = request.ChunkSeconds });
        return (TimeSpan.FromSeconds(Math.Min(request.ChunkSeconds / 4, 8)), next);
    }

    private async Task<ChunkOutcome> StepAndSaveAsync(CachedSession entry, ChunkRequest request, int target, CancellationToken cancellationToken)
    {
        StyleTransfer session = entry.Session;
        if (session.Iteration - entry.Ahead.Count != request.FromIteration)
        {
            throw new InvalidOperationException($"Job {entry.JobId}: the session is at iteration {session.Iteration - entry.Ahead.Count}, the chunk starts at {request.FromIteration}.");
        }

        // Steps taken ahead while this worker waited for the chunk are its first steps.
        var pairs = new PairWriter(checkpoints.Jobs, entry.JobId, entry.StoredPairs);
        var history = entry.Ahead.Select(r => new JobHistoryPoint(r.Iteration, r.Loss.Total)).ToList();
        IterationReport? last = entry.Ahead.LastOrDefault();
        double aheadSeconds = entry.AheadSeconds;
        entry.Ahead.Clear();
        entry.AheadSeconds = 0;
        var stepping = Stopwatch.StartNew();
        while (session.Iteration < target && !session.IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            last = await Task.Run(session.Step, cancellationToken).ConfigureAwait(false);
            history.Add(new JobHistoryPoint(last!.Iteration, last.Loss.Total));
        }

        double stepSeconds = aheadSeconds + stepping.Elapsed.TotalSeconds;
        var (core, finalPairs) = CheckpointPairs.Split(session.Export(copy: false));
        await pairs.OfferAsync(finalPairs, cancellationToken).ConfigureAwait(false);
        long written = await pairs.CompleteAsync().ConfigureAwait(false);

        var outcome = new ChunkOutcome
        {
            Iteration = session.Iteration,
            TotalIterations = session.TotalIterations,
            Scale = session.Scale,
            Scales = session.ScaleCount,
            Complete = session.IsComplete,
            Losses = last is null ? null : new JobLosses { Content = last.Loss.Content, Style = last.Loss.Style, Tv = last.Loss.TotalVariation, Total = last.Loss.Total },
            History = history,
            Best = session.BestLoss is { } best && session.BestIteration is int bestAt ? new JobHistoryPoint(bestAt, best.Total) : null,
            Final = session.IsComplete && session.FinalLoss is { } final ? new JobHistoryPoint(session.Iteration, final.Total) : null,
            Preview = JobPaths.Reference(JobPaths.Preview(entry.JobId)),
            StepSeconds = Math.Round(stepSeconds, 4),
        };
        var (reference, coreBytes) = await checkpoints.WriteCoreAsync(entry.JobId, core, outcome, cancellationToken).ConfigureAwait(false);
        written += coreBytes;
        written += await previews.WriteAsync(entry.JobId, session.RenderCurrent(), cancellationToken).ConfigureAwait(false);

        List<string> keys = finalPairs.Select(p => p.Key).ToList();
        await checkpoints.DeleteSupersededAsync(entry.JobId, request.Obsolete, entry.CheckpointKeys.Concat(keys), entry.StoredPairs, cancellationToken).ConfigureAwait(false);
        entry.Checkpoint = reference;
        entry.CheckpointKeys = keys;
        return outcome with { Checkpoint = reference, BytesWritten = written };
    }
}
