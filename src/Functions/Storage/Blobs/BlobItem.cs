using Azure;

namespace Nst.Functions.Storage;

/// <summary>One entry of a blob listing.</summary>
public sealed record BlobItem(
    string Name,
    long ContentLength,
    string? ContentType,
    ETag ETag,
    DateTimeOffset? LastModified,
    IReadOnlyDictionary<string, string> Metadata);
