using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Nst.Functions.Jobs;
using Nst.Functions.Storage;

namespace Nst.Functions.Chunks;

/// <summary>
/// Writes a job's result and report into the outbox without ever replacing another job's: each blob carries its
/// owner (<see cref="JobSpec.OutputOwner"/>: the drop path or manifest that asked, or the job) in its metadata. A free
/// name is created (<c>If-None-Match: *</c>); a taken one is replaced only when its owner is the same (a re-upload,
/// or this job run again), under <c>If-Match</c>; otherwise the job fails with <c>output_exists</c>.
/// </summary>
public sealed class OutputWriter(PipelineStorage storage)
{
    public const string OwnerKey = "nst_owner";
    public const string JobKey = "nst_job";

    /// <summary>
    /// Null when written; else the error that fails the job. The result is written only when its report's name is
    /// free or the job's own too, so a job refused its report leaves no result behind.
    /// </summary>
    public async Task<JobError?> WriteAsync(JobSpec spec, string reference, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (reference == spec.Output && spec.Report is { } report && report != reference && await CheckAsync(spec, report, cancellationToken).ConfigureAwait(false) is { } taken)
        {
            return taken;
        }

        BlobClient blob = storage.Blob(BlobPath.Parse(reference));
        var metadata = new Dictionary<string, string> { [OwnerKey] = OwnerTag(spec), [JobKey] = spec.Id };
        var headers = new BlobHttpHeaders { ContentType = contentType };
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (await BlobWrites.CreateAsync(blob, content, headers, metadata, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            BlobProperties existing;
            try
            {
                existing = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                continue; // deleted meanwhile: the name is free again
            }

            if (!existing.Metadata.TryGetValue(OwnerKey, out string? owner) || owner != OwnerTag(spec))
            {
                return Taken(reference);
            }

            try
            {
                await blob.UploadAsync(content, new BlobUploadOptions
                {
                    HttpHeaders = headers,
                    Metadata = metadata,
                    Conditions = new BlobRequestConditions { IfMatch = existing.ETag },
                }, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Changed under us: look again.
            }
        }

        return new JobError(JobErrorCodes.OutputExists, $"{reference} kept changing while the result was written; name another output.");
    }

    /// <summary>Null when <paramref name="reference"/> is free or already the job's own (same owner); else <c>output_exists</c>.</summary>
    public async Task<JobError?> CheckAsync(JobSpec spec, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            BlobProperties existing = (await storage.Blob(BlobPath.Parse(reference)).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return existing.Metadata.TryGetValue(OwnerKey, out string? owner) && owner == OwnerTag(spec) ? null : Taken(reference);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static JobError Taken(string reference) => new(JobErrorCodes.OutputExists, $"{reference} already holds another job's result; name another output.");

    // Metadata values must be ASCII: the owner is hex of its UTF-8 SHA-256, which also keeps paths out of headers.
    private static string OwnerTag(JobSpec spec) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(spec.OutputOwner ?? "job:" + spec.Id)));
}
