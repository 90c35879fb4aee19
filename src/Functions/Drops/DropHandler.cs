using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nst.Functions.Chain;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Drops;

/// <summary>
/// BlobCreated → job. Each upload (blob name + ETag) makes exactly one job: its id is derived from them, and
/// job.json is created with <c>If-None-Match: *</c>, so a redelivered event or a rescan finds the job it already made
/// while a re-upload (new ETag) makes a new one. A drop the user got wrong becomes a failed job with a failure
/// webhook — never a retry loop. Blobs that are not drops or manifests are logged and skipped.
/// </summary>
public sealed class DropHandler(
    PipelineResources resources,
    JobStore store,
    DropJobBuilder builder,
    ChunkQueue chunks,
    JobNotifier notifier,
    IOptions<NstSettings> settings,
    TimeProvider time,
    ILogger<DropHandler> logger)
{
    /// <summary>Handles one event; returns the upload's job (new or found), or null when the blob is not a job.</summary>
    public async Task<JobRecord?> HandleAsync(BlobCreatedEvent blobEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobEvent);
        if (resources.LogicalContainer(blobEvent.Container) != PipelineNames.InboxContainer)
        {
            logger.LogInformation("Ignoring {Blob}: not in this pipeline's inbox", $"{blobEvent.Container}/{blobEvent.BlobName}");
            return null;
        }

        string name = blobEvent.BlobName;
        DropKind kind = Classify(name);
        if (kind == DropKind.None)
        {
            logger.LogInformation("Ignoring inbox/{Blob}: neither inbox/{{style}}/{{image}} nor a top-level .json manifest", name);
            return null;
        }

        BlobProperties? properties = await resources.Blobs.GetPropertiesAsync(resources.Container(PipelineNames.InboxContainer), name, cancellationToken).ConfigureAwait(false);
        string? current = properties?.ETag.ToString().Trim('"');
        if (properties is null || (blobEvent.ETag is { } eventETag && eventETag.Trim('"') != current))
        {
            // Deleted, or overwritten since: the upload this event announced is gone (a newer one has its own event).
            logger.LogInformation("Ignoring inbox/{Blob}: the upload with ETag {ETag} no longer exists", name, blobEvent.ETag);
            return null;
        }

        string id = JobId.ForUpload($"{PipelineNames.InboxContainer}/{name}", current!, properties.LastModified ?? blobEvent.EventTime ?? DateTimeOffset.UnixEpoch);
        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await EnsureStartedAsync(existing.Record, cancellationToken).ConfigureAwait(false);
            return existing.Record;
        }

        DateTimeOffset now = time.GetUtcNow();
        var draft = new JobDraft(new JobRecord
        {
            Id = id,
            CreatedAt = now,
            UpdatedAt = now,
            Source = new JobSource { Kind = kind == DropKind.Manifest ? JobSourceKinds.Manifest : JobSourceKinds.Drop, Blob = $"{PipelineNames.InboxContainer}/{name}", ETag = current },
            Model = settings.Value.Model,
        });
        try
        {
            Task build = kind == DropKind.Manifest
                ? builder.BuildManifestAsync(draft, name, cancellationToken)
                : builder.BuildDropAsync(draft, name, properties, cancellationToken);
            await build.ConfigureAwait(false);
        }
        catch (JobSubmissionException e)
        {
            logger.LogWarning("Job {JobId} from inbox/{Blob} fails at once: {Code} {Message}", id, name, e.Code, e.Message);
            draft.Record = JobTransitions.Failed(draft.Record, e.ToError(), now);
        }

        if (await store.CreateAsync(draft.Record, cancellationToken).ConfigureAwait(false) is null)
        {
            // Another delivery of the same event got there first; its job is the one.
            return (await store.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Record;
        }

        if (draft.Record.Status == JobStatus.Failed)
        {
            await notifier.EnqueueAsync(draft.Record, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await chunks.EnqueueAsync(id, 0, cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Job {JobId} created from inbox/{Blob}", id, name);
        }

        return draft.Record;
    }

    /// <summary>What an inbox blob is: a manifest (top-level .json), a drop ({style}/{…image}) or neither.</summary>
    public static DropKind Classify(string name)
    {
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DropKind.Manifest : DropKind.None;
        }

        return slash > 0 && slash < name.Length - 1 && ImageFiles.HasImageExtension(name) ? DropKind.Drop : DropKind.None;
    }

    // A job created just before a crash may never have had its chunk 0 enqueued; a duplicate is harmless.
    private async Task EnsureStartedAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (job.Status == JobStatus.Queued)
        {
            await chunks.EnqueueAsync(job.Id, job.Progress.Chunk, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
