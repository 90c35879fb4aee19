using Nst.Functions.Jobs;

namespace Nst.Functions.Drops;

/// <summary>
/// A job record filled in step by step, so that when a step fails the job is created as failed with everything
/// known so far — above all its webhook, so the user hears about the failure.
/// </summary>
public sealed class JobDraft(JobRecord initial)
{
    public JobRecord Record { get; set; } = initial;
}
