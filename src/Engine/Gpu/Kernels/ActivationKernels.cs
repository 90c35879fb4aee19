using ILGPU;

namespace Nst.Engine.Gpu.Kernels;

/// <summary>ReLU where it is not fused into a convolution's store (a captured pre-ReLU map), and its backward.</summary>
internal static class ActivationKernels
{
    /// <summary>y = max(x, 0), with NaN → 0 as the CPU's x &gt; 0 ? x : 0.</summary>
    public static void Relu(ArrayView<float> x, ArrayView<float> y, int count)
    {
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
        {
            float v = x[i];
            y[i] = v > 0 ? v : 0f;
        }
    }

    /// <summary>g = g where the ReLU's output is positive, else 0 (in place).</summary>
    public static void ReluBackward(ArrayView<float> output, ArrayView<float> grad, int count)
    {
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
        {
            grad[i] = output[i] > 0 ? grad[i] : 0f;
        }
    }
}
