using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels;

/// <summary>2×2, stride 2 pooling (floor for odd sizes, as PyTorch's default).</summary>
public static class Pooling
{
    public static void MaxForward(Tensor input, Tensor output) => ReferenceKernels.MaxPool2x2(input, output);

    public static void MaxBackward(Tensor input, Tensor gradOutput, Tensor gradInput)
        => ReferenceKernels.MaxPool2x2Backward(input, gradOutput, gradInput);

    public static void AvgForward(Tensor input, Tensor output) => ReferenceKernels.AvgPool2x2(input, output);

    public static void AvgBackward(Tensor gradOutput, Tensor gradInput) => ReferenceKernels.AvgPool2x2Backward(gradOutput, gradInput);
}
