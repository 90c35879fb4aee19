using System.Buffers.Binary;
using Nst.Engine.Imaging.Native;

namespace Nst.Engine.Imaging;

/// <summary>Still WebP (lossy, lossless, alpha) through libwebp; the EXIF chunk's orientation is applied.</summary>
internal static unsafe class WebPCodec
{
    public static RgbImage Decode(ReadOnlySpan<byte> bytes, ImageLimits limits)
    {
        fixed (byte* src = bytes)
        {
            WebPBitstreamFeatures features;
            if (LibWebPNative.WebPGetFeatures(src, (nuint)bytes.Length, &features) != 0)
            {
                throw new NstException("Corrupt or truncated WebP image: its header cannot be read.");
            }

            if (features.HasAnimation != 0)
            {
                throw new NstException("Animated WebP images are not supported; use a still image.");
            }

            limits.CheckDimensions(features.Width, features.Height, ImageFormat.WebP);
            int width = features.Width, height = features.Height;
            var buffer = GC.AllocateUninitializedArray<byte>(checked(width * height * 4));
            fixed (byte* dst = buffer)
            {
                if (LibWebPNative.WebPDecodeRGBAInto(src, (nuint)bytes.Length, dst, (nuint)buffer.Length, width * 4) == null)
                {
                    throw new NstException("Corrupt or truncated WebP image: its pixels cannot be decoded.");
                }
            }

            var image = PixelConversion.FromInterleaved(buffer, width, height, 4, features.HasAlpha != 0, ImageFormat.WebP);
            return ImageOrientation.Apply(image, ReadOrientation(bytes));
        }
    }

    /// <summary>Lossy at the given quality, or lossless; RGBA when the image has alpha.</summary>
    /// <remarks>libwebp's simple lossless API may change the RGB of fully transparent pixels (invisible anyway).</remarks>
    public static byte[] Encode(RgbImage image, int quality, bool lossless)
    {
        bool alpha = image.Alpha is not null;
        var pixels = PixelConversion.ToInterleaved(image, alpha);
        int stride = image.Width * (alpha ? 4 : 3);
        byte* output = null;
        try
        {
            nuint size;
            fixed (byte* src = pixels)
            {
                size = (alpha, lossless) switch
                {
                    (true, true) => LibWebPNative.WebPEncodeLosslessRGBA(src, image.Width, image.Height, stride, out output),
                    (false, true) => LibWebPNative.WebPEncodeLosslessRGB(src, image.Width, image.Height, stride, out output),
                    (true, false) => LibWebPNative.WebPEncodeRGBA(src, image.Width, image.Height, stride, quality, out output),
                    (false, false) => LibWebPNative.WebPEncodeRGB(src, image.Width, image.Height, stride, quality, out output),
                };
            }

            if (size == 0 || output == null)
            {
                throw new NstException($"WebP encoding failed for a {image.Width}x{image.Height} image (WebP allows at most 16383x16383).");
            }

            return new ReadOnlySpan<byte>(output, checked((int)size)).ToArray();
        }
        finally
        {
            if (output != null)
            {
                LibWebPNative.WebPFree(output);
            }
        }
    }

    /// <summary>The orientation in the RIFF container's EXIF chunk (extended format only), or 1.</summary>
    internal static int ReadOrientation(ReadOnlySpan<byte> riff)
    {
        int pos = 12; // "RIFF", size, "WEBP"
        while (pos + 8 <= riff.Length)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(riff[(pos + 4)..]);
            if (size > (uint)(riff.Length - pos - 8))
            {
                break;
            }

            if (riff.Slice(pos, 4).SequenceEqual("EXIF"u8))
            {
                return ExifOrientation.Read(ExifOrientation.StripExifPrefix(riff.Slice(pos + 8, (int)size)));
            }

            pos += 8 + (int)size + (int)(size & 1); // chunks are padded to even sizes
        }

        return ExifOrientation.Normal;
    }
}
