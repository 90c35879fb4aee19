using System.Numerics.Tensors;
using Nst.Engine.Kernels;

namespace Nst.Engine.Imaging;

/// <summary>
/// High-quality, deterministic resizing: separable Lanczos3 (horizontal pass, then vertical), with
/// the kernel widened when downsampling so it averages like an area filter instead of aliasing.
/// </summary>
/// <remarks>
/// Filtering works on the sRGB-encoded values, not on linear light. That is what PIL's
/// <c>Image.resize</c> and torchvision's transforms do, and the reference NST tools load and scale
/// their images through them, so results and loss values stay comparable with theirs. Images with
/// alpha are resized premultiplied (as PIL does for RGBA) so transparent pixels do not bleed colour.
/// Results are clamped to [0, 1] (Lanczos rings slightly past edges).
/// </remarks>
public static class ImageResizer
{
    /// <summary>
    /// Scales so the longer side becomes <paramref name="longSide"/>, keeping the aspect ratio
    /// (the shorter side rounds to nearest, at least 1). 0, or the long side the image already has,
    /// returns the same instance.
    /// </summary>
    public static RgbImage ResizeLongSide(RgbImage image, int longSide)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (longSide < 0)
        {
            throw new NstException($"Image size must be positive (or 0 to keep the size), got {longSide}.");
        }

        if (longSide == 0 || longSide == Math.Max(image.Width, image.Height))
        {
            return image;
        }

        (int width, int height) = image.Width >= image.Height
            ? (longSide, ShortSide(image.Height, image.Width, longSide))
            : (ShortSide(image.Width, image.Height, longSide), longSide);
        return Resize(image, width, height);
    }

    /// <summary>Resizes to exactly <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width <= 0 || height <= 0)
        {
            throw new NstException($"Image size must be positive, got {width}x{height}.");
        }

        // The planes (and the horizontal pass's width × source height) must fit an array: refuse, never overflow.
        if (3L * width * height > int.MaxValue || (long)width * image.Height > int.MaxValue)
        {
            throw new NstException($"Cannot resize a {image.Width}x{image.Height} image to {width}x{height}: the result is too large.");
        }

        if (width == image.Width && height == image.Height)
        {
            return new RgbImage(width, height, (float[])image.Pixels.Clone(), (float[]?)image.Alpha?.Clone(), image.SourceFormat);
        }

        int inPlane = image.Plane, outPlane = width * height;
        var alpha = image.Alpha;
        var planes = new float[alpha is null ? 3 : 4][];
        for (int c = 0; c < 3; c++)
        {
            var channel = image.Pixels.AsSpan(c * inPlane, inPlane).ToArray();
            if (alpha is not null)
            {
                TensorPrimitives.Multiply(channel, alpha, channel);
            }

            planes[c] = channel;
        }

        if (alpha is not null)
        {
            planes[3] = alpha;
        }

        var horizontal = ResampleWeights.Lanczos3(image.Width, width);
        var vertical = ResampleWeights.Lanczos3(image.Height, height);
        var resized = new float[planes.Length][];
        Parallelism.For(planes.Length, c => resized[c] = ResizePlane(planes[c], image.Width, image.Height, width, height, horizontal, vertical));

        var pixels = new float[3 * outPlane];
        float[]? outAlpha = alpha is null ? null : resized[3];
        if (outAlpha is not null)
        {
            TensorPrimitives.Clamp(outAlpha, 0f, 1f, outAlpha);
        }

        for (int c = 0; c < 3; c++)
        {
            var dst = pixels.AsSpan(c * outPlane, outPlane);
            resized[c].CopyTo(dst);
            if (outAlpha is not null)
            {
                Unpremultiply(dst, outAlpha);
            }

            TensorPrimitives.Clamp(dst, 0f, 1f, dst);
        }

        return new RgbImage(width, height, pixels, outAlpha, image.SourceFormat);
    }

    private static int ShortSide(int shortSide, int longSide, int newLong) =>
        Math.Max(1, (int)Math.Round((double)shortSide * newLong / longSide, MidpointRounding.AwayFromZero));

    private static float[] ResizePlane(float[] src, int inW, int inH, int outW, int outH, ResampleWeights horizontal, ResampleWeights vertical)
    {
        // An axis that keeps its size is skipped (Resize handles the case where both do).
        var rows = inW == outW ? src : Horizontal(src, inW, inH, outW, horizontal);
        return inH == outH ? rows : Vertical(rows, outW, outH, vertical);
    }

    private static float[] Horizontal(float[] src, int inW, int inH, int outW, ResampleWeights weights)
    {
        var dst = new float[outW * inH];
        for (int y = 0; y < inH; y++)
        {
            var row = src.AsSpan(y * inW, inW);
            for (int x = 0; x < outW; x++)
            {
                var w = weights.Weights.AsSpan(x * weights.Stride, weights.Count[x]);
                var taps = row.Slice(weights.Start[x], w.Length);

                // A plain loop, not TensorPrimitives.Dot: its summation order depends on the CPU's
                // vector width, and resized images must be bit-identical on every worker.
                float sum = 0f;
                for (int k = 0; k < w.Length; k++)
                {
                    sum += taps[k] * w[k];
                }

                dst[(y * outW) + x] = sum;
            }
        }

        return dst;
    }

    private static float[] Vertical(float[] src, int width, int outH, ResampleWeights weights)
    {
        var dst = new float[width * outH];
        for (int y = 0; y < outH; y++)
        {
            var outRow = dst.AsSpan(y * width, width);
            int start = weights.Start[y];
            for (int k = 0; k < weights.Count[y]; k++)
            {
                var inRow = src.AsSpan((start + k) * width, width);
                TensorPrimitives.MultiplyAdd(inRow, weights.Weights[(y * weights.Stride) + k], outRow, outRow);
            }
        }

        return dst;
    }

    private static void Unpremultiply(Span<float> channel, ReadOnlySpan<float> alpha)
    {
        for (int i = 0; i < channel.Length; i++)
        {
            channel[i] = alpha[i] > 1e-6f ? channel[i] / alpha[i] : 0f;
        }
    }
}
