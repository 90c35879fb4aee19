using ILGPU;

namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// The content and style losses' elementwise parts (their sums go through <see cref="ReduceKernel"/>):
/// content dL/dF = k(F − P) with k = 2w/n; style G = scale·Σ_slices partial (slices in order),
/// dL/dG = k(G − A) with k = 2w/C², and the Gram backward's left factor (dG + dGᵀ)·scale.
/// </summary>
internal static class LossKernels
{
    /// <summary>g = k(f − p), or g += with <paramref name="accumulate"/> ≠ 0.</summary>
    public static void ContentGradient(ArrayView<float> features, ArrayView<float> target, ArrayView<float> grad, int count, float k, int accumulate)
    {
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
        {
            float v = k * (features[i] - target[i]);
            grad[i] = accumulate != 0 ? grad[i] + v : v;
        }
    }

    /// <summary>G = scale·Σ partial[s] over the K slices, in slice order.</summary>
    public static void GramFinish(ArrayView<float> partial, ArrayView<float> gram, int channels, int slices, float scale)
    {
        int count = channels * channels;
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
        {
            gram[i] = SumSlices(partial, i, count, slices) * scale;
        }
    }

    /// <summary>
    /// From the partial Grams: (G − A)² in double for the loss's sum, and the Gram backward's left factor
    /// (dG + dGᵀ)·scale with dG = k(G − A). G is exactly symmetric (G[a,b] and G[b,a] add the same products in the
    /// same order), so dGᵀ[a,b] = dG[a,b].
    /// </summary>
    public static void StyleGram(ArrayView<float> partial, ArrayView<float> target, ArrayView<double> squares, ArrayView<float> factor, int channels, int slices, float scale, float k)
    {
        int count = channels * channels;
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
        {
            float d = (SumSlices(partial, i, count, slices) * scale) - target[i];
            squares[i] = (double)d * d;
            float dg = k * d;
            factor[i] = (dg + dg) * scale;
        }
    }

    /// <summary>
    /// dst = v·s (or dst += v·s) with s = w²/(‖v‖₂ + 1e-8), ‖v‖₂² read from <paramref name="sums"/>[slot]: one loss's
    /// gradient rescaled as neural-style-pt's --normalize_gradients. Every thread computes the same s.
    /// </summary>
    public static void AddNormalized(ArrayView<float> source, ArrayView<float> grad, int count, ArrayView<double> sums, int slot, float weightSquared, int accumulate)
    {
        float s = (float)(weightSquared / (Math.Sqrt(sums[slot]) + 1e-8));
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
        {
            float v = source[i] * s;
            grad[i] = accumulate != 0 ? grad[i] + v : v;
        }
    }

    private static float SumSlices(ArrayView<float> partial, int i, int count, int slices)
    {
        float sum = partial[i];
        for (int s = 1; s < slices; s++) sum += partial[s * count + i];
        return sum;
    }
}
