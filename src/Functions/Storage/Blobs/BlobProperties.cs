using Azure;

namespace Nst.Functions.Storage;

/// <summary>A blob's system properties and metadata.</summary>
public sealed record BlobProperties(
    long ContentLength,
    string? ContentType,
    ETag ETag,
    DateTimeOffset? LastModified,
    IReadOnlyDictionary<string, string> Metadata,
    string? LeaseState,
    string? LeaseStatus);
