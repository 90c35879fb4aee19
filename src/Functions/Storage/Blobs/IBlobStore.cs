using Azure;

namespace Nst.Functions.Storage;

/// <summary>
/// The blob operations the pipeline needs, addressed by container and blob name. <see cref="BlobStore"/> speaks the
/// Storage REST API; tests may substitute a fake. Unexpected service errors throw <see cref="RequestFailedException"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Creates the container; false if it already existed.</summary>
    Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>Deletes the container; false if it did not exist.</summary>
    Task<bool> DeleteContainerIfExistsAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>Uploads a stream of any length (single put or blocks); a failed ETag condition is a result, not an exception.</summary>
    Task<BlobWriteResult> UploadAsync(string container, string name, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Uploads bytes already in memory.</summary>
    Task<BlobWriteResult> UploadAsync(string container, string name, BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Streams the blob, or the given range of it.</summary>
    Task<BlobDownload> DownloadAsync(string container, string name, HttpRange range = default, BlobConditions? conditions = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a small blob into memory with its ETag.</summary>
    Task<BlobContent> DownloadContentAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Properties and metadata; null if the blob does not exist.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Replaces the blob's metadata.</summary>
    Task<BlobWriteResult> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, BlobConditions? conditions = null, CancellationToken cancellationToken = default);

    /// <summary>One page of blobs whose names start with <paramref name="prefix"/>.</summary>
    Task<BlobPage> ListBlobsPageAsync(string container, string? prefix = null, string? continuationToken = null, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>All blobs whose names start with <paramref name="prefix"/>, following continuation tokens.</summary>
    IAsyncEnumerable<BlobItem> ListBlobsAsync(string container, string? prefix = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; false if it did not exist. A failed condition or missing lease throws.</summary>
    Task<bool> DeleteIfExistsAsync(string container, string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default);

    /// <summary>Acquires a lease for 15–60 s, or infinite when <paramref name="duration"/> is null.</summary>
    Task<BlobLease> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default);

    Task<BlobLease> RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default);

    Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Breaks the current lease, now or after <paramref name="breakPeriod"/>; returns the time until it is broken.</summary>
    Task<TimeSpan> BreakLeaseAsync(string container, string name, TimeSpan? breakPeriod = null, CancellationToken cancellationToken = default);
}
