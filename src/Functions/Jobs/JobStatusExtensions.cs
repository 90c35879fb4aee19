namespace Nst.Functions.Jobs;

public static class JobStatusExtensions
{
    /// <summary>Succeeded, failed and cancelled jobs never change again.</summary>
    public static bool IsTerminal(this JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
