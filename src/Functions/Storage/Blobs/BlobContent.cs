namespace Nst.Functions.Storage;

/// <summary>A whole small blob read into memory, with the properties (ETag) to write it back conditionally.</summary>
public sealed record BlobContent(BinaryData Content, BlobProperties Properties);
