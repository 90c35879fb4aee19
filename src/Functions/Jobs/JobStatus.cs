namespace Nst.Functions.Jobs;

/// <summary>Where a job is in its life; written lower-case.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public static class JobStatusExtensions
{
    /// <summary>Succeeded, failed and cancelled jobs never change again (but for their webhook's delivery).</summary>
    public static bool IsTerminal(this JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>"succeeded" → the webhook event <c>nst.job.succeeded</c>.</summary>
    public static string EventName(this JobStatus status) => "nst.job." + status.ToString().ToLowerInvariant();
}
