namespace Nst.Functions.Jobs;

/// <summary>Where a job is in its life; written lower-case in job.json.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
