namespace Nst.Engine.Imaging;

/// <summary>Interleaved 8-bit pixels (what the codecs speak) to and from planar floats.</summary>
internal static class PixelConversion
{
    private static readonly float[] UnitFromByte = BuildUnitTable();

    /// <summary>Interleaved RGB (3) or RGBA (4) bytes to planar floats; alpha kept only if asked.</summary>
    public static RgbImage FromInterleaved(ReadOnlySpan<byte> src, int width, int height, int channels, bool keepAlpha, ImageFormat format)
    {
        int plane = width * height;
        var pixels = new float[3 * plane];
        float[]? alpha = keepAlpha && channels == 4 ? new float[plane] : null;
        var table = UnitFromByte;
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 3);
        for (int i = 0, s = 0; i < plane; i++, s += channels)
        {
            pixels[i] = table[src[s]];
            pixels[plane + i] = table[src[s + 1]];
            pixels[2 * plane + i] = table[src[s + 2]];
            if (alpha is not null)
            {
                alpha[i] = table[src[s + 3]];
            }
        }

        return new RgbImage(width, height, pixels, alpha, format);
    }

    /// <summary>
    /// Interleaved CMYK bytes to RGB by the naive ink model R = (1−C)(1−K). Adobe files (the
    /// common case: Photoshop and libjpeg writers) store the components inverted, so there
    /// R = C′·K′ on the stored values.
    /// </summary>
    public static RgbImage FromCmyk(ReadOnlySpan<byte> src, int width, int height, bool adobeInverted, ImageFormat format)
    {
        int plane = width * height;
        var pixels = new float[3 * plane];
        var table = UnitFromByte;
        for (int i = 0, s = 0; i < plane; i++, s += 4)
        {
            float c = table[src[s]], m = table[src[s + 1]], y = table[src[s + 2]], k = table[src[s + 3]];
            if (!adobeInverted)
            {
                c = 1f - c; m = 1f - m; y = 1f - y; k = 1f - k;
            }

            pixels[i] = c * k;
            pixels[plane + i] = m * k;
            pixels[2 * plane + i] = y * k;
        }

        return new RgbImage(width, height, pixels, null, format);
    }

    /// <summary>Planar floats to interleaved RGB (3) or RGBA (4) bytes; an opaque image gets alpha 255.</summary>
    public static byte[] ToInterleaved(RgbImage image, bool withAlpha)
    {
        int plane = image.Plane;
        int channels = withAlpha ? 4 : 3;
        var dst = GC.AllocateUninitializedArray<byte>(plane * channels);
        var p = image.Pixels;
        var alpha = image.Alpha;
        for (int i = 0, d = 0; i < plane; i++, d += channels)
        {
            dst[d] = ToByte(p[i]);
            dst[d + 1] = ToByte(p[plane + i]);
            dst[d + 2] = ToByte(p[2 * plane + i]);
            if (withAlpha)
            {
                dst[d + 3] = alpha is null ? (byte)255 : ToByte(alpha[i]);
            }
        }

        return dst;
    }

    /// <summary>[0, 1] to 0..255, rounding to nearest; out of range (and NaN) is clamped.</summary>
    public static byte ToByte(float v)
    {
        if (!(v > 0f))
        {
            return 0;
        }

        return v >= 1f ? (byte)255 : (byte)((v * 255f) + 0.5f);
    }

    private static float[] BuildUnitTable()
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++)
        {
            table[i] = i / 255f;
        }

        return table;
    }
}
