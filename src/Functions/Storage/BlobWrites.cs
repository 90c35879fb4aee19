using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Nst.Functions.Storage;

/// <summary>Writes that must happen once: a blob created only if its name is free (<c>If-None-Match: *</c>).</summary>
public static class BlobWrites
{
    /// <summary>Uploads <paramref name="content"/> unless the blob exists; true when this call created it.</summary>
    public static async Task<bool> CreateAsync(BlobClient blob, BinaryData content, BlobHttpHeaders? headers = null, IDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions
            {
                HttpHeaders = headers,
                Metadata = metadata,
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (IsAlreadyThere(e))
        {
            return false;
        }
    }

    /// <summary>
    /// 409 BlobAlreadyExists, or 412 from a retried request whose first attempt created the blob: either way it
    /// exists, and for a write-once name its bytes are the ones meant.
    /// </summary>
    public static bool IsAlreadyThere(RequestFailedException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Status is 409 or 412;
    }

    /// <summary>The blob's content, or null when it does not exist.</summary>
    public static async Task<BinaryData?> ReadIfExistsAsync(BlobClient blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
