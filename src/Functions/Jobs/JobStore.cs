using Azure;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Jobs;

/// <summary>
/// job.json in the jobs container: created once (<c>If-None-Match: *</c>), read with its ETag, and replaced only
/// by compare-and-swap (<c>If-Match</c>) — the chain's only commit point.
/// </summary>
public sealed class JobStore(PipelineResources resources, TimeProvider time)
{
    private const int MaxUpdateAttempts = 20;
    private readonly IBlobStore _blobs = resources.Blobs;
    private readonly string _container = resources.Container(PipelineNames.JobsContainer);

    /// <summary>Creates job.json; null if a job with this id already exists (the record is then left as it was).</summary>
    public async Task<ETag?> CreateAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        BlobWriteResult result = await _blobs.UploadAsync(_container, JobPaths.Record(record.Id), JobJson.Serialize(record),
            new BlobUploadOptions { ContentType = "application/json", Conditions = BlobConditions.IfNotExists }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.ETag : null;
    }

    /// <summary>The record and its ETag; null if there is no such job.</summary>
    public async Task<StoredJob?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!JobId.IsValid(id))
        {
            return null;
        }

        try
        {
            BlobContent content = await _blobs.DownloadContentAsync(_container, JobPaths.Record(id), cancellationToken).ConfigureAwait(false);
            return new StoredJob(JobJson.Deserialize(content.Content), content.Properties.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The current ETag of job.json without reading it; null if there is no such job.</summary>
    public async Task<ETag?> GetETagAsync(string id, CancellationToken cancellationToken = default) =>
        (await _blobs.GetPropertiesAsync(_container, JobPaths.Record(id), cancellationToken).ConfigureAwait(false))?.ETag;

    /// <summary>Replaces job.json if it is still at <paramref name="ifMatch"/>: the new ETag, or null if it changed since.</summary>
    public async Task<ETag?> TryReplaceAsync(JobRecord record, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        BlobWriteResult result = await _blobs.UploadAsync(_container, JobPaths.Record(record.Id), JobJson.Serialize(record with { UpdatedAt = time.GetUtcNow() }),
            new BlobUploadOptions { ContentType = "application/json", Conditions = BlobConditions.IfUnchanged(ifMatch) }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.ETag : null;
    }

    /// <summary>
    /// Read-modify-write until it sticks: <paramref name="change"/> gets the current record and returns the new one,
    /// or null to leave it. Returns the stored result (unchanged when <paramref name="change"/> declined), or null if
    /// there is no such job.
    /// </summary>
    public async Task<StoredJob?> UpdateAsync(string id, Func<JobRecord, JobRecord?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (int attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            StoredJob? current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            JobRecord? next = change(current.Record);
            if (next is null)
            {
                return current;
            }

            if (await TryReplaceAsync(next, current.ETag, cancellationToken).ConfigureAwait(false) is { } etag)
            {
                return new StoredJob(next with { UpdatedAt = time.GetUtcNow() }, etag);
            }
        }

        throw new InvalidOperationException($"Job {id} kept changing; gave up updating it after {MaxUpdateAttempts} attempts.");
    }

    /// <summary>Ids of all jobs, newest first (ids sort by time).</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (BlobItem item in _blobs.ListBlobsAsync(_container, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            string[] parts = item.Name.Split('/');
            if (parts.Length == 2 && parts[1] == JobPaths.RecordFileName && JobId.IsValid(parts[0]))
            {
                ids.Add(parts[0]);
            }
        }

        ids.Sort(StringComparer.Ordinal);
        ids.Reverse();
        return ids;
    }
}
