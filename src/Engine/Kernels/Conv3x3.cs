using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels;

/// <summary>3×3 convolution, stride 1, zero padding 1: forward and the gradient with respect to its input.</summary>
public static class Conv3x3
{
    public static void Forward(Tensor input, ConvWeights weights, Tensor output)
        => ReferenceKernels.Conv3x3Forward(input, weights, output);

    public static void BackwardData(Tensor gradOutput, ConvWeights weights, Tensor gradInput)
        => ReferenceKernels.Conv3x3BackwardData(gradOutput, weights, gradInput);
}
