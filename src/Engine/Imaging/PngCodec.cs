using Nst.Engine.Imaging.Native;

namespace Nst.Engine.Imaging;

/// <summary>
/// PNG through libpng's simplified API, always asking for 8-bit sRGB RGB(A) output. That API
/// assumes a 16-bit file without gAMA/sRGB chunks holds linear light; most such files in the wild
/// (16-bit exports of ordinary photos) are sRGB-encoded, so we set PNG_IMAGE_FLAG_16BIT_sRGB and
/// let libpng scale 16 → 8 bits. Files that do carry gAMA/sRGB are converted to sRGB as they say.
/// </summary>
internal static unsafe class PngCodec
{
    public static RgbImage Decode(ReadOnlySpan<byte> bytes, ImageLimits limits)
    {
        PngImage png = default;
        png.Version = LibPngNative.Version;
        try
        {
            fixed (byte* src = bytes)
            {
                if (LibPngNative.png_image_begin_read_from_memory(&png, src, (nuint)bytes.Length) == 0)
                {
                    throw Corrupt(&png);
                }

                limits.CheckDimensions(png.Width, png.Height, ImageFormat.Png);
                int width = (int)png.Width, height = (int)png.Height;
                bool alpha = (png.Format & LibPngNative.FormatFlagAlpha) != 0;
                int channels = alpha ? 4 : 3;
                png.Format = alpha ? LibPngNative.FormatRgba : LibPngNative.FormatRgb;
                png.Flags |= LibPngNative.ImageFlag16BitSrgb;

                var buffer = GC.AllocateUninitializedArray<byte>(checked(width * height * channels));
                fixed (byte* dst = buffer)
                {
                    if (LibPngNative.png_image_finish_read(&png, null, dst, 0, null) == 0)
                    {
                        throw Corrupt(&png);
                    }
                }

                return PixelConversion.FromInterleaved(buffer, width, height, channels, alpha, ImageFormat.Png);
            }
        }
        finally
        {
            LibPngNative.png_image_free(&png);
        }
    }

    /// <summary>8-bit RGB, or RGBA when the image has alpha.</summary>
    public static byte[] Encode(RgbImage image)
    {
        bool alpha = image.Alpha is not null;
        var pixels = PixelConversion.ToInterleaved(image, alpha);
        PngImage png = default;
        png.Version = LibPngNative.Version;
        png.Width = (uint)image.Width;
        png.Height = (uint)image.Height;
        png.Format = alpha ? LibPngNative.FormatRgba : LibPngNative.FormatRgb;
        try
        {
            // A generous first guess (deflate's stored-block worst case plus headers), so most images compress once.
            long guess = pixels.Length + image.Height + (pixels.Length / 1000) + 4096;
            var output = new byte[Math.Min(guess, Array.MaxLength)];
            fixed (byte* src = pixels)
            {
                nuint size = (nuint)output.Length;
                if (Write(&png, output, src, ref size))
                {
                    return output.AsSpan(0, (int)size).ToArray();
                }

                if (size <= (nuint)output.Length)
                {
                    throw new NstFaultException($"PNG encoding failed: {LibPngNative.Message(&png)}.");
                }

                output = new byte[checked((int)size)];
                if (!Write(&png, output, src, ref size))
                {
                    throw new NstFaultException($"PNG encoding failed: {LibPngNative.Message(&png)}.");
                }

                return output.AsSpan(0, (int)size).ToArray();
            }
        }
        finally
        {
            LibPngNative.png_image_free(&png);
        }
    }

    private static bool Write(PngImage* png, byte[] output, byte* src, ref nuint size)
    {
        fixed (byte* dst = output)
        {
            return LibPngNative.png_image_write_to_memory(png, dst, ref size, 0, src, 0, null) != 0;
        }
    }

    private static NstException Corrupt(PngImage* png) =>
        new($"Corrupt or truncated PNG image: {LibPngNative.Message(png).TrimEnd('.')}.");
}
