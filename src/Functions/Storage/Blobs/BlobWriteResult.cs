using Azure;

namespace Nst.Functions.Storage;

/// <summary>
/// The outcome of a conditional write: written (with the new ETag), or the precondition failed — the blob changed
/// since it was read (<c>If-Match</c>) or already exists (<c>If-None-Match: *</c>). Anything else throws.
/// </summary>
public readonly record struct BlobWriteResult(bool PreconditionFailed, ETag ETag, DateTimeOffset? LastModified, string? ErrorCode)
{
    public bool Succeeded => !PreconditionFailed;

    internal static BlobWriteResult Written(Response response) =>
        new(false, response.Headers.ETag ?? default, BlobHeaderReader.LastModified(response), null);

    internal static BlobWriteResult Failed(Response response) =>
        new(true, default, null, BlobHeaderReader.ErrorCode(response));
}
