namespace Nst.Functions.Jobs;

/// <summary>Why a job failed: a stable code (see <see cref="JobErrorCodes"/>) and a one-line message.</summary>
public sealed record JobError(string Code, string Message);
