namespace Nst.Engine.Imaging;

/// <summary>Tells the format from the first bytes of a file, never from its name.</summary>
public static class ImageSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format, or an NstException when the bytes are not a JPEG, PNG or WebP image.</summary>
    public static ImageFormat Sniff(ReadOnlySpan<byte> bytes) =>
        TrySniff(bytes) ?? throw new NstException("Not a JPEG, PNG or WebP image.");

    /// <summary>The format, or null when the bytes are not a JPEG, PNG or WebP image.</summary>
    public static ImageFormat? TrySniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (bytes.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        return null;
    }
}
