using Azure;

namespace Nst.Functions.Storage;

/// <summary>Preconditions on a blob request: ETag checks and the lease the caller holds.</summary>
public sealed record BlobConditions
{
    /// <summary>Only if the blob's ETag equals this (<c>If-Match</c>).</summary>
    public ETag? IfMatch { get; init; }

    /// <summary>Only if the blob's ETag differs; <see cref="ETag.All"/> means "only if the blob does not exist".</summary>
    public ETag? IfNoneMatch { get; init; }

    /// <summary>The active lease on the blob, required to write a leased blob (<c>x-ms-lease-id</c>).</summary>
    public string? LeaseId { get; init; }

    /// <summary>Create only: fails with a precondition result if the blob exists (<c>If-None-Match: *</c>).</summary>
    public static BlobConditions IfNotExists { get; } = new() { IfNoneMatch = ETag.All };

    /// <summary>Replace only the version read earlier (<c>If-Match: etag</c>).</summary>
    public static BlobConditions IfUnchanged(ETag etag) => new() { IfMatch = etag };

    /// <summary>Write under a lease.</summary>
    public static BlobConditions WithLease(string leaseId) => new() { LeaseId = leaseId };

    internal bool HasETagCondition => IfMatch is not null || IfNoneMatch is not null;
}
