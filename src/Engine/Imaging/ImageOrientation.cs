namespace Nst.Engine.Imaging;

/// <summary>Turns an image stored with an EXIF orientation (1..8) upright, as viewers display it.</summary>
internal static class ImageOrientation
{
    public static RgbImage Apply(RgbImage image, int orientation)
    {
        if (orientation is < 2 or > 8)
        {
            return image;
        }

        int w = image.Width, h = image.Height;
        bool swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        int plane = w * h;

        // For every output pixel, the index of its source pixel (same for each plane).
        var source = new int[plane];
        for (int y = 0; y < oh; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                (int sx, int sy) = orientation switch
                {
                    2 => (w - 1 - x, y),          // mirror horizontally
                    3 => (w - 1 - x, h - 1 - y),  // rotate 180°
                    4 => (x, h - 1 - y),          // mirror vertically
                    5 => (y, x),                  // transpose
                    6 => (y, h - 1 - x),          // rotate 90° clockwise
                    7 => (w - 1 - y, h - 1 - x),  // transverse
                    _ => (w - 1 - y, x),          // 8: rotate 90° counter-clockwise
                };
                source[(y * ow) + x] = (sy * w) + sx;
            }
        }

        var pixels = new float[3 * plane];
        for (int c = 0; c < 3; c++)
        {
            Gather(image.Pixels.AsSpan(c * plane, plane), pixels.AsSpan(c * plane, plane), source);
        }

        float[]? alpha = null;
        if (image.Alpha is not null)
        {
            alpha = new float[plane];
            Gather(image.Alpha, alpha, source);
        }

        return new RgbImage(ow, oh, pixels, alpha, image.SourceFormat);
    }

    private static void Gather(ReadOnlySpan<float> src, Span<float> dst, int[] source)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = src[source[i]];
        }
    }
}
