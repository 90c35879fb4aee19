using Nst.Engine.Imaging;

namespace Nst.Functions.Jobs;

/// <summary>Image file names: which extensions are images, and the extension of a format.</summary>
public static class ImageFiles
{
    public static bool HasImageExtension(string name) => FormatOf(name) is not null;

    /// <summary>The format a name's extension names, or null.</summary>
    public static ImageFormat? FormatOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => ImageFormat.Jpeg,
        ".png" => ImageFormat.Png,
        ".webp" => ImageFormat.WebP,
        _ => null,
    };

    public static string ContentType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        _ => "image/webp",
    };

    public static string ExtensionOf(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Png => ".png",
        _ => ".webp",
    };

    /// <summary>The extension to store an upload under: its own if it is an image extension, else the sniffed format's.</summary>
    public static string ExtensionFor(string? fileName, ReadOnlySpan<byte> bytes) =>
        fileName is not null && HasImageExtension(fileName)
            ? Path.GetExtension(fileName).ToLowerInvariant()
            : ExtensionOf(ImageSniffer.TrySniff(bytes) ?? ImageFormat.Png);
}
