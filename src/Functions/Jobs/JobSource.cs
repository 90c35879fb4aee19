namespace Nst.Functions.Jobs;

/// <summary>What made the job: a drop in the inbox, a manifest, or the HTTP API. <see cref="Blob"/> is "container/name".</summary>
public sealed record JobSource
{
    /// <summary>"drop", "manifest" or "api".</summary>
    public string Kind { get; init; } = JobSourceKinds.Api;

    public string? Blob { get; init; }

    public string? ETag { get; init; }
}
