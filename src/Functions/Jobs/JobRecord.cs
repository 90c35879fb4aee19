namespace Nst.Functions.Jobs;

/// <summary>
/// <c>jobs/{id}/job.json</c>: the job's record and the chain's only commit point (replaced with <c>If-Match</c>).
/// Blob references are "container/name" with the logical (unprefixed) container name.
/// </summary>
public sealed record JobRecord
{
    public required string Id { get; init; }

    public JobStatus Status { get; init; } = JobStatus.Queued;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public JobSource Source { get; init; } = new();

    /// <summary>The content image, "container/name" (null only for a job that failed before it had one).</summary>
    public string? Content { get; init; }

    public IReadOnlyList<JobStyle> Styles { get; init; } = [];

    /// <summary>Where the result image goes, "outbox/…".</summary>
    public string? Output { get; init; }

    /// <summary>The JSON report beside the result, "outbox/….json".</summary>
    public string? Report { get; init; }

    public JobOptions Options { get; init; } = JobOptions.PipelineDefaults;

    public JobProgress Progress { get; init; } = new();

    public bool CancelRequested { get; init; }

    public JobAttempts Attempts { get; init; } = new();

    public JobError? Error { get; init; }

    public JobWebhook Webhook { get; init; } = new();

    public JobTimings Timings { get; init; } = new();

    /// <summary>The weights spec the job runs with (<c>Nst:Model</c> when it was created).</summary>
    public string Model { get; init; } = "random:0";
}
