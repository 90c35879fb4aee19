using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels;

/// <summary>The Gram matrix G = F·Fᵀ·scale of a C×(H·W) feature map (batch 1), and its gradient.</summary>
public static class Gram
{
    public static void Compute(Tensor features, Span<float> gram, float scale) => ReferenceKernels.Gram(features, gram, scale);

    /// <summary>gradFeatures += (dG + dGᵀ)·F·scale.</summary>
    public static void BackwardAccumulate(Tensor features, ReadOnlySpan<float> gradGram, Tensor gradFeatures, float scale)
        => ReferenceKernels.GramBackwardAccumulate(features, gradGram, gradFeatures, scale);
}
