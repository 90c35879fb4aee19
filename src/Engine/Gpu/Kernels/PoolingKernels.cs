using ILGPU;

namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// 2×2, stride 2 pooling as PyTorch (floor for odd sizes): max takes the first maximum in row-major window order,
/// its backward routes the gradient there (recomputed from the kept input). Backwards are gathers over the input's
/// pixels — each writes its own value, zero outside every window — so no two threads write one element.
/// </summary>
internal static class PoolingKernels
{
    public static void MaxForward(ArrayView<float> x, ArrayView<float> y, int channels, int height, int width)
    {
        int oh = height / 2, ow = width / 2;
        int count = channels * oh * ow;
        int stride = Grid.DimX * Group.DimX;
        for (int o = Grid.GlobalIndex.X; o < count; o += stride)
        {
            int b = Window(o, oh, ow, height, width);
            float m = x[b];
            if (x[b + 1] > m) m = x[b + 1];
            if (x[b + width] > m) m = x[b + width];
            if (x[b + width + 1] > m) m = x[b + width + 1];
            y[o] = m;
        }
    }

    public static void MaxBackward(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, int channels, int height, int width)
    {
        int oh = height / 2, ow = width / 2;
        int plane = height * width;
        int count = channels * plane;
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
        {
            int c = i / plane, p = i - c * plane;
            int r = p / width, col = p - r * width;
            float v = 0f;
            if (r < 2 * oh && col < 2 * ow)
            {
                int b = c * plane + (r & ~1) * width + (col & ~1);
                int best = b;
                if (x[b + 1] > x[best]) best = b + 1;
                if (x[b + width] > x[best]) best = b + width;
                if (x[b + width + 1] > x[best]) best = b + width + 1;
                if (best == i) v = dy[(c * oh + r / 2) * ow + col / 2];
            }

            dx[i] = v;
        }
    }

    public static void AvgForward(ArrayView<float> x, ArrayView<float> y, int channels, int height, int width)
    {
        int oh = height / 2, ow = width / 2;
        int count = channels * oh * ow;
        int stride = Grid.DimX * Group.DimX;
        for (int o = Grid.GlobalIndex.X; o < count; o += stride)
        {
            int b = Window(o, oh, ow, height, width);
            y[o] = (x[b] + x[b + 1] + x[b + width] + x[b + width + 1]) * 0.25f;
        }
    }

    public static void AvgBackward(ArrayView<float> dy, ArrayView<float> dx, int channels, int height, int width)
    {
        int oh = height / 2, ow = width / 2;
        int plane = height * width;
        int count = channels * plane;
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
        {
            int c = i / plane, p = i - c * plane;
            int r = p / width, col = p - r * width;
            dx[i] = r < 2 * oh && col < 2 * ow ? dy[(c * oh + r / 2) * ow + col / 2] * 0.25f : 0f;
        }
    }

    /// <summary>Index of the top-left input of output window <paramref name="o"/>.</summary>
    private static int Window(int o, int oh, int ow, int height, int width)
    {
        int c = o / (oh * ow), q = o - c * oh * ow;
        int r = q / ow, col = q - r * ow;
        return c * height * width + 2 * r * width + 2 * col;
    }
}
