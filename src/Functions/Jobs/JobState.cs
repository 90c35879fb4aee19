namespace Nst.Functions.Jobs;

/// <summary>
/// What has happened to a job: the orchestration's custom status while it runs and its output when it ends. Built
/// only from the orchestration's history, so it is the same on every replay.
/// </summary>
public sealed record JobState
{
    public JobStatus Status { get; init; } = JobStatus.Queued;

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public JobProgress Progress { get; init; } = new();

    /// <summary>A cancel was asked for; it is honoured at the next chunk boundary.</summary>
    public bool CancelRequested { get; init; }

    public JobError? Error { get; init; }

    public JobTimings Timings { get; init; } = new();

    /// <summary>The webhook for the job's end: null when none applies.</summary>
    public JobWebhookState? Webhook { get; init; }

    public JobState Finished(JobStatus status, DateTime now, JobError? error = null) =>
        this with { Status = status, FinishedAt = now, UpdatedAt = now, Error = error ?? Error };
}
