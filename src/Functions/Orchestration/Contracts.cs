using Nst.Functions.Jobs;

namespace Nst.Functions.Orchestration;

/// <summary>What <see cref="TaskNames.PrepareDrop"/> made of an upload: the job, or the error that fails it at once (with what was known).</summary>
public sealed record PrepareResult(JobSpec Spec, JobError? Error);

/// <summary>
/// One chunk to run: resume <see cref="Checkpoint"/> (none: start) at <see cref="FromIteration"/> and run
/// <see cref="Iterations"/> more (fewer if the run completes). <see cref="Obsolete"/> may be deleted once the new
/// checkpoint is written. <see cref="ChunkSeconds"/> is what chunks aim at, which bounds how far the worker steps
/// ahead while it waits for the next one (0: not at all).
/// </summary>
public sealed record ChunkRequest(JobSpec Spec, int Chunk, string? Checkpoint, int FromIteration, int Iterations, string? Obsolete, double ChunkSeconds = 0);

/// <summary>What a chunk did. A user error (bad input found while running) comes back as <see cref="Error"/>, not thrown, so it is not retried.</summary>
public sealed record ChunkOutcome
{
    public string? Checkpoint { get; init; }

    public int Iteration { get; init; }

    public int TotalIterations { get; init; }

    public int Scale { get; init; }

    public int Scales { get; init; } = 1;

    public bool Complete { get; init; }

    /// <summary>The losses at the chunk's last iteration.</summary>
    public JobLosses? Losses { get; init; }

    /// <summary>The lowest loss seen in the current scale and after which iteration (the image a result is rendered from, with keep=best).</summary>
    public JobHistoryPoint? Best { get; init; }

    /// <summary>The loss of the last image, once the run is complete.</summary>
    public JobHistoryPoint? Final { get; init; }

    /// <summary>(iteration, total loss) of each iteration of the chunk.</summary>
    public IReadOnlyList<JobHistoryPoint> History { get; init; } = [];

    public string? Preview { get; init; }

    /// <summary>Seconds of optimisation steps, and the whole activity's wall time.</summary>
    public double StepSeconds { get; init; }

    /// <summary>
    /// The median seconds of the chunk's steps, which the next chunk is sized by: the mean would charge every step
    /// with a cold start's one-off work (target features, first allocations) and make the next chunk too short.
    /// </summary>
    public double SecondsPerIteration { get; init; }

    public double RunSeconds { get; init; }

    public long BytesWritten { get; init; }

    public long BytesRead { get; init; }

    /// <summary>The session was still in this worker's memory: nothing was read or rebuilt.</summary>
    public bool Warm { get; init; }

    public JobError? Error { get; init; }
}

/// <summary>Write the result and report from the final checkpoint.</summary>
public sealed record FinishRequest(JobSpec Spec, string Checkpoint, JobState State);

public sealed record FinishOutcome(int Width, int Height, JobError? Error);

/// <summary>One webhook delivery attempt: the same id and body on every attempt.</summary>
public sealed record WebhookRequest(string Id, string Url, string Body);

public sealed record WebhookAttempt(bool Delivered, bool Refused, int? Status, string? Error);
