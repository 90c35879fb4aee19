using System.Buffers.Binary;

namespace Nst.Engine.Imaging;

/// <summary>
/// Reads the Orientation tag (0x0112) from an EXIF TIFF block, bounds-checked at every step:
/// a damaged or hostile EXIF block means "no orientation", never an exception.
/// </summary>
internal static class ExifOrientation
{
    public const int Normal = 1;
    private const ushort OrientationTag = 0x0112;
    private const ushort TypeShort = 3;

    /// <summary>The orientation 1..8 from a TIFF block ("II*\0" or "MM\0*"), or 1 if absent or invalid.</summary>
    public static int Read(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return Normal;
        }

        bool little;
        if (tiff[0] == (byte)'I' && tiff[1] == (byte)'I')
        {
            little = true;
        }
        else if (tiff[0] == (byte)'M' && tiff[1] == (byte)'M')
        {
            little = false;
        }
        else
        {
            return Normal;
        }

        if (U16(tiff[2..], little) != 42)
        {
            return Normal;
        }

        uint ifd = U32(tiff[4..], little);
        if (ifd > (uint)tiff.Length - 2)
        {
            return Normal;
        }

        int count = U16(tiff[(int)ifd..], little);
        int entries = (int)ifd + 2;
        for (int i = 0; i < count; i++)
        {
            int e = entries + (12 * i);
            if (e > tiff.Length - 12)
            {
                return Normal;
            }

            if (U16(tiff[e..], little) != OrientationTag)
            {
                continue;
            }

            if (U16(tiff[(e + 2)..], little) != TypeShort || U32(tiff[(e + 4)..], little) < 1)
            {
                return Normal;
            }

            int value = U16(tiff[(e + 8)..], little);
            return value is >= 1 and <= 8 ? value : Normal;
        }

        return Normal;
    }

    /// <summary>The TIFF block of an EXIF payload, with or without the "Exif\0\0" prefix.</summary>
    public static ReadOnlySpan<byte> StripExifPrefix(ReadOnlySpan<byte> payload) =>
        payload.StartsWith("Exif\0\0"u8) ? payload[6..] : payload;

    private static ushort U16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
