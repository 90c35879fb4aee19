namespace Nst.Engine.Imaging;

/// <summary>
/// Lanczos3 weights for resampling one axis, computed as Pillow's ImagingResample does: output
/// pixel i is centred at (i + ½)·scale in input coordinates, and when downsampling the kernel is
/// stretched by the scale so every input pixel contributes (area-like antialiasing).
/// </summary>
internal sealed class ResampleWeights
{
    private const double Support = 3.0;

    private ResampleWeights(int[] start, int[] count, float[] weights, int stride)
    {
        Start = start;
        Count = count;
        Weights = weights;
        Stride = stride;
    }

    /// <summary>First input index that output i reads.</summary>
    public int[] Start { get; }

    /// <summary>How many consecutive inputs output i reads.</summary>
    public int[] Count { get; }

    /// <summary>Output i's weights at [i·Stride, i·Stride + Count[i]), summing to 1.</summary>
    public float[] Weights { get; }

    public int Stride { get; }

    public static ResampleWeights Lanczos3(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = Support * filterScale;
        int stride = (int)Math.Ceiling(support) * 2 + 1;

        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new float[outSize * stride];
        var w = new double[stride];
        for (int i = 0; i < outSize; i++)
        {
            double center = (i + 0.5) * scale;
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), inSize);
            int n = Math.Min(max - min, stride);
            double total = 0;
            for (int k = 0; k < n; k++)
            {
                w[k] = Lanczos((k + min - center + 0.5) / filterScale);
                total += w[k];
            }

            for (int k = 0; k < n; k++)
            {
                weights[(i * stride) + k] = (float)(total == 0 ? 0 : w[k] / total);
            }

            start[i] = min;
            count[i] = n;
        }

        return new ResampleWeights(start, count, weights, stride);
    }

    private static double Lanczos(double x) => Math.Abs(x) < Support ? Sinc(x) * Sinc(x / Support) : 0.0;

    private static double Sinc(double x)
    {
        if (x == 0.0)
        {
            return 1.0;
        }

        x *= Math.PI;
        return Math.Sin(x) / x;
    }
}
