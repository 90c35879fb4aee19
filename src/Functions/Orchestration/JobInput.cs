using Nst.Functions.Jobs;

namespace Nst.Functions.Orchestration;

/// <summary>
/// The orchestration's input: the job (or, for a drop, the upload to make it from), the run's settings — fixed when
/// the job was scheduled, so replays decide the same — and the state carried across <c>ContinueAsNew</c>.
/// </summary>
public sealed record JobInput
{
    public string Id { get; init; } = "";

    /// <summary>The job; null for a drop until <see cref="TaskNames.PrepareDrop"/> has made it.</summary>
    public JobSpec? Spec { get; init; }

    public DropRequest? Drop { get; init; }

    public RunSettings Settings { get; init; } = new();

    public JobState State { get; init; } = new();

    /// <summary>A checkpoint superseded by <see cref="JobProgress.Checkpoint"/>, for the next chunk to delete.</summary>
    public string? Obsolete { get; init; }

    /// <summary>The job as far as its upload tells (before it is made): id, time, source and file name.</summary>
    public JobSpec SpecOfDrop() => Drop is { } drop
        ? new JobSpec
        {
            Id = Id,
            CreatedAt = drop.UploadedAt,
            Source = new JobSource
            {
                Kind = Drops.DropKinds.Classify(drop.Blob) == Drops.DropKind.Manifest ? JobSourceKinds.Manifest : JobSourceKinds.Drop,
                Blob = $"{Pipeline.PipelineNames.InboxContainer}/{drop.Blob}",
                ETag = drop.ETag,
            },
            ContentName = Path.GetFileName(drop.Blob),
        }
        : new JobSpec { Id = Id };
}

/// <summary>An upload in the inbox to make a job from: its name in the inbox, and the ETag and time of that upload.</summary>
public sealed record DropRequest
{
    /// <summary>The job it makes (derived from the blob's name and ETag).</summary>
    public string JobId { get; init; } = "";

    public string Blob { get; init; } = "";

    public string ETag { get; init; } = "";

    public DateTimeOffset UploadedAt { get; init; }
}
