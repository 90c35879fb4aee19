namespace Nst.Functions.Jobs;

/// <summary>
/// A job as its orchestration publishes it: the spec (once made) and the state — the custom status while it runs,
/// the output when it has ended.
/// </summary>
public sealed record JobSnapshot(JobSpec? Spec, JobState State);
