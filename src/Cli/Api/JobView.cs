namespace Nst.Cli.Api;

/// <summary>The parts of the server's job JSON (<c>jobs/{id}/job.json</c>) that the CLI shows.</summary>
internal sealed class JobView
{
    public string Id { get; init; } = "";

    /// <summary>queued, running, succeeded, failed or cancelled.</summary>
    public string Status { get; init; } = "";

    public string? Output { get; init; }

    public JobProgressView? Progress { get; init; }

    public JobErrorView? Error { get; init; }

    public bool CancelRequested { get; init; }

    /// <summary>True once the job can no longer change.</summary>
    public bool IsFinished => Status is "succeeded" or "failed" or "cancelled";
}
