using Azure;

namespace Nst.Functions.Storage;

/// <summary>A lease held on a blob: pass <see cref="LeaseId"/> in <see cref="BlobConditions.LeaseId"/> to write.</summary>
public sealed record BlobLease(string LeaseId, ETag ETag);
