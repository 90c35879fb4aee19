namespace Nst.Functions.Jobs;

/// <summary>The terminal transitions of a record, in one place so every path finishes a job the same way.</summary>
public static class JobTransitions
{
    public static JobRecord Cancelled(JobRecord job, DateTimeOffset now) => Finish(job, JobStatus.Cancelled, now) with { CancelRequested = true };

    public static JobRecord Failed(JobRecord job, JobError error, DateTimeOffset now) => Finish(job, JobStatus.Failed, now) with { Error = error };

    public static JobRecord Succeeded(JobRecord job, DateTimeOffset now) => Finish(job, JobStatus.Succeeded, now);

    private static JobRecord Finish(JobRecord job, JobStatus status, DateTimeOffset now) =>
        job with { Status = status, FinishedAt = now, UpdatedAt = now };
}
