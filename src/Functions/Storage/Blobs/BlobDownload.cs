namespace Nst.Functions.Storage;

/// <summary>A streaming download: read <see cref="Content"/> from the network, then dispose.</summary>
public sealed class BlobDownload(Stream content, BlobProperties properties) : IDisposable, IAsyncDisposable
{
    public Stream Content { get; } = content;

    /// <summary>Properties of the blob; <see cref="BlobProperties.ContentLength"/> is the whole blob's length.</summary>
    public BlobProperties Properties { get; } = properties;

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
