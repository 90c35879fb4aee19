namespace Nst.Functions.Storage;

/// <summary>One page of a blob listing; pass <see cref="ContinuationToken"/> back for the next, null when done.</summary>
public sealed record BlobPage(IReadOnlyList<BlobItem> Items, string? ContinuationToken);
