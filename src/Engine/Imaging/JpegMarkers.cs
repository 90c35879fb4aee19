using System.Buffers.Binary;

namespace Nst.Engine.Imaging;

/// <summary>
/// What libjpeg-turbo's tj* API does not tell us, read from the JPEG's header segments:
/// the EXIF orientation (APP1 "Exif") and whether CMYK data is Adobe-inverted (APP14 "Adobe").
/// </summary>
internal readonly record struct JpegMarkers(int Orientation, bool Adobe)
{
    private const byte App1 = 0xE1;
    private const byte App14 = 0xEE;
    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;

    /// <summary>Walks the segments up to the first scan; malformed segments end the walk quietly.</summary>
    public static JpegMarkers Scan(ReadOnlySpan<byte> jpeg)
    {
        int orientation = ExifOrientation.Normal;
        bool exifSeen = false, adobe = false;
        int pos = 2; // after SOI
        while (pos + 4 <= jpeg.Length)
        {
            if (jpeg[pos] != 0xFF)
            {
                break;
            }

            byte marker = jpeg[pos + 1];
            if (marker == 0xFF)
            {
                pos++; // fill byte
                continue;
            }

            if (marker == StartOfScan || marker == EndOfImage)
            {
                break;
            }

            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD7)
            {
                pos += 2; // standalone markers carry no length
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(pos + 2)..]);
            if (length < 2 || pos + 2 + length > jpeg.Length)
            {
                break;
            }

            var payload = jpeg.Slice(pos + 4, length - 2);
            if (marker == App1 && !exifSeen && payload.StartsWith("Exif\0\0"u8))
            {
                exifSeen = true;
                orientation = ExifOrientation.Read(payload[6..]);
            }
            else if (marker == App14 && payload.StartsWith("Adobe"u8))
            {
                adobe = true;
            }

            pos += 2 + length;
        }

        return new JpegMarkers(orientation, adobe);
    }
}
