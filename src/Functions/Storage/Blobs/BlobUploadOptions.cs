namespace Nst.Functions.Storage;

/// <summary>Content type, metadata and preconditions of an upload.</summary>
public sealed record BlobUploadOptions
{
    /// <summary>Default <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public BlobConditions? Conditions { get; init; }

    /// <summary>Overrides <see cref="StorageClientOptions.Transfer"/> for this upload.</summary>
    public StorageTransferOptions? Transfer { get; init; }
}
