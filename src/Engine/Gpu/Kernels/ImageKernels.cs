using ILGPU;

namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// The kernels on the image itself: preprocessing, and dL/dx = the preprocessing's backward plus the TV term's
/// gradient. The gradient is gathered per pixel (no two threads write one value) and its terms are added in the
/// order the CPU's loop adds them, so given the same dL/dx̂ the result is the CPU's to the bit.
/// </summary>
internal static class ImageKernels
{
    /// <summary>x̂ from x (3 planes of <paramref name="plane"/> pixels).</summary>
    public static void Preprocess(ArrayView<float> x, ArrayView<float> xhat, int plane, PreprocessConstants constants)
    {
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < 3 * plane; i += stride)
        {
            int c = i / plane, p = i - c * plane;
            xhat[constants.Target(c) * plane + p] = (x[i] * constants.Scale(c)) + constants.Offset(c);
        }
    }

    /// <summary>
    /// grad = scale·dL/dx̂ + the gradient of w·Σ((x[i,j+1] − x[i,j])² + (x[i+1,j] − x[i,j])²) (with <paramref name="tvWeight"/> = 0: none).
    /// Terms in the CPU loop's order: from the pixel above, from the pixel to the left, then the pixel's own two.
    /// </summary>
    public static void Gradient(ArrayView<float> gradXhat, ArrayView<float> x, ArrayView<float> grad, int height, int width, PreprocessConstants constants, float tvWeight)
    {
        int plane = height * width;
        int stride = Grid.DimX * Group.DimX;
        float k = 2f * tvWeight;
        for (int i = Grid.GlobalIndex.X; i < 3 * plane; i += stride)
        {
            int c = i / plane, p = i - c * plane;
            int r = p / width, col = p - r * width;
            float v = 0f;
            v += gradXhat[constants.Target(c) * plane + p] * constants.Scale(c);
            if (tvWeight != 0f)
            {
                float xi = x[i];
                if (r > 0) v += k * (xi - x[i - width]);
                if (col > 0) v += k * (xi - x[i - 1]);
                if (col + 1 < width) v -= k * (x[i + 1] - xi);
                if (r + 1 < height) v -= k * (x[i + width] - xi);
            }

            grad[i] = v;
        }
    }

    /// <summary>
    /// As <see cref="Gradient"/> for the TV term w·Σ(dx² + dy²)^β (β ≠ 1), in double as the CPU computes it: each
    /// pixel q with b_q = dx² + dy² &gt; 0 pushes ±(float)(2wβ·b_q^(β−1)·d) to its neighbours and itself.
    /// </summary>
    public static void GradientPower(ArrayView<float> gradXhat, ArrayView<float> x, ArrayView<float> grad, int height, int width, PreprocessConstants constants, float tvWeight, float power)
    {
        int plane = height * width;
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < 3 * plane; i += stride)
        {
            int c = i / plane, p = i - c * plane;
            int r = p / width, col = p - r * width;
            float v = 0f;
            v += gradXhat[constants.Target(c) * plane + p] * constants.Scale(c);
            if (r > 0)
            {
                double k = Slope(x, i - width, r - 1, col, height, width, tvWeight, power, out _, out double dy);
                v += (float)(k * dy);
            }

            if (col > 0)
            {
                double k = Slope(x, i - 1, r, col - 1, height, width, tvWeight, power, out double dx, out _);
                v += (float)(k * dx);
            }

            double own = Slope(x, i, r, col, height, width, tvWeight, power, out double ownDx, out double ownDy);
            if (col + 1 < width) v -= (float)(own * ownDx);
            if (r + 1 < height) v -= (float)(own * ownDy);
            grad[i] = v;
        }
    }

    /// <summary>2wβ·b^(β−1) at pixel q (0 where b = 0: the subgradient), with its differences (0 past the edges).</summary>
    private static double Slope(ArrayView<float> x, int q, int r, int col, int height, int width, float tvWeight, float power, out double dx, out double dy)
    {
        float xq = x[q];
        dx = col + 1 < width ? x[q + 1] - xq : 0;
        dy = r + 1 < height ? x[q + width] - xq : 0;
        double b = dx * dx + dy * dy;
        if (b == 0) return 0;
        return tvWeight * power * Math.Pow(b, power - 1) * 2;
    }
}
