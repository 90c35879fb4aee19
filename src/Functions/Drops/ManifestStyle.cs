using Nst.Functions.Jobs;

namespace Nst.Functions.Drops;

/// <summary>One style of a manifest: a library name or a blob, with its blend weight.</summary>
public sealed record ManifestStyle(string? Name, BlobPath? Blob, double Weight);
