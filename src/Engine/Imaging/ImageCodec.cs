namespace Nst.Engine.Imaging;

/// <summary>
/// Reads and writes JPEG, PNG and WebP through the system's libjpeg-turbo, libpng and libwebp.
/// Decoding sniffs the format from the bytes, checks <see cref="ImageLimits"/> before any pixel is
/// decoded, applies EXIF orientation (JPEG, WebP) and never returns a half-decoded image.
/// </summary>
public static class ImageCodec
{
    /// <summary>The file extensions <see cref="Save"/> understands.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".webp"];

    /// <summary>Decodes a JPEG (baseline, progressive, greyscale, CMYK), PNG or still WebP image.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> bytes, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        limits.CheckBytes(bytes.Length);
        return ImageSniffer.Sniff(bytes) switch
        {
            ImageFormat.Jpeg => JpegCodec.Decode(bytes, limits),
            ImageFormat.Png => PngCodec.Decode(bytes, limits),
            _ => WebPCodec.Decode(bytes, limits),
        };
    }

    /// <summary>
    /// Encodes an image. <paramref name="quality"/> (1..100) applies to JPEG and lossy WebP;
    /// <paramref name="lossless"/> selects lossless WebP (PNG is always lossless). Alpha is kept by
    /// PNG and WebP and dropped by JPEG.
    /// </summary>
    public static byte[] Encode(RgbImage image, ImageFormat format, int quality = 95, bool lossless = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (quality is < 1 or > 100)
        {
            throw new NstException($"Image quality must be between 1 and 100, got {quality}.");
        }

        return format switch
        {
            ImageFormat.Jpeg when lossless => throw new NstException("JPEG cannot be written losslessly; use PNG or WebP."),
            ImageFormat.Jpeg => JpegCodec.Encode(image, quality),
            ImageFormat.Png => PngCodec.Encode(image),
            ImageFormat.WebP => WebPCodec.Encode(image, quality, lossless),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
        };
    }

    /// <summary>Reads and decodes an image file; its size is checked before it is read.</summary>
    public static RgbImage Load(string path, ImageLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= ImageLimits.Default;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new NstException($"Image file not found: {path}");
        }

        limits.CheckBytes(file.Length);
        return Decode(File.ReadAllBytes(path), limits);
    }

    /// <summary>Encodes and writes an image in the format its extension names (.jpg, .jpeg, .png, .webp).</summary>
    public static void Save(string path, RgbImage image, int quality = 95, bool lossless = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Encode(image, FormatFromExtension(path), quality, lossless);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The format an output file's extension names, or an NstException listing the allowed ones.</summary>
    public static ImageFormat FormatFromExtension(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => ImageFormat.Jpeg,
            ".png" => ImageFormat.Png,
            ".webp" => ImageFormat.WebP,
            var other => throw new NstException(
                $"Cannot write an image as '{(other.Length == 0 ? "(no extension)" : other)}': use one of {string.Join(", ", Extensions)}."),
        };
}
