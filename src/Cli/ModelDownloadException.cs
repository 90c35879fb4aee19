namespace Nst.Cli;

/// <summary>A download of model weights failed (network, server, or a file whose hash is not the published one).</summary>
internal sealed class ModelDownloadException : Exception
{
    public ModelDownloadException(string message) : base(message) { }

    public ModelDownloadException(string message, Exception? inner) : base(message, inner) { }

    public ModelDownloadException() { }
}
