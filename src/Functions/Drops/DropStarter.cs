using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Drops;

/// <summary>
/// BlobCreated → a job's orchestration. Each upload (blob name + ETag) makes exactly one job: its id is derived from
/// them, so a redelivered event or a rescan finds the job it already made while a re-upload (new ETag) makes a new
/// one. Only cheap checks happen here (is it this pipeline's inbox, a drop or a manifest, still the same upload); the
/// job itself is made by the orchestration's first activity, where a user's mistake becomes a failed job with a
/// webhook rather than a retried trigger.
/// </summary>
public sealed class DropStarter(PipelineStorage storage, IOptions<NstSettings> settings, ILogger<DropStarter> logger)
{
    /// <summary>The job id the upload makes, or null when the blob is not a job (or is gone or superseded).</summary>
    public async Task<string?> StartAsync(DurableTaskClient client, string container, string blobName, string? eventETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (storage.LogicalContainer(container) != PipelineNames.InboxContainer)
        {
            logger.LogInformation("Ignoring {Container}/{Blob}: not this pipeline's inbox", container, blobName);
            return null;
        }

        // Storage clients resolve '.' and '..' in a request's path, so such a name would address a blob elsewhere
        // (inbox/../jobs/… is jobs/…): never look it up. No upload has that name; other bad names are real uploads,
        // which the job's preparation refuses where the user sees it.
        if (blobName.Split('/').Any(segment => segment is "." or ".."))
        {
            logger.LogWarning("Ignoring inbox/{Blob}: its name has a '.' or '..' segment, which would address another blob", Quote.Short(blobName));
            return null;
        }

        if (DropKinds.Classify(blobName) == DropKind.None)
        {
            logger.LogInformation("Ignoring inbox/{Blob}: neither inbox/{{style}}/{{image}} nor a top-level .json manifest", blobName);
            return null;
        }

        BlobProperties properties;
        try
        {
            properties = (await storage.Container(PipelineNames.InboxContainer).GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            logger.LogInformation("Ignoring inbox/{Blob}: it no longer exists", blobName);
            return null;
        }

        if (eventETag is not null && new ETag(eventETag.Trim('"')) != new ETag(properties.ETag.ToString().Trim('"')))
        {
            // Overwritten since: the upload this event announced is gone; the newer one has its own event.
            logger.LogInformation("Ignoring inbox/{Blob}: the upload with ETag {ETag} was replaced", blobName, eventETag);
            return null;
        }

        string etag = properties.ETag.ToString();
        string id = JobId.ForUpload($"{PipelineNames.InboxContainer}/{blobName}", etag, properties.LastModified);
        var input = new JobInput
        {
            Id = id,
            Drop = new DropRequest { JobId = id, Blob = blobName, ETag = etag, UploadedAt = properties.LastModified },
            Settings = RunSettings.From(settings.Value),
        };
        if (await JobScheduler.StartOnceAsync(client, input, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Job {JobId} started for inbox/{Blob}", id, blobName);
        }

        return id;
    }
}
