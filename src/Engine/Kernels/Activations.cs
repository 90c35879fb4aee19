using Nst.Engine.Kernels.Reference;

namespace Nst.Engine.Kernels;

public static class Activations
{
    /// <summary>y = max(x, 0); x and y may be the same buffer.</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => ReferenceKernels.Relu(x, y);

    /// <summary>dx = dy · [y &gt; 0]; dy and dx may be the same buffer.</summary>
    public static void ReluBackward(ReadOnlySpan<float> reluOutput, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
        => ReferenceKernels.ReluBackward(reluOutput, gradOutput, gradInput);
}
