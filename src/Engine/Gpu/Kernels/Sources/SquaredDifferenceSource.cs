using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Sources;

/// <summary>(a − b)² with the difference in float and the square in double, as the CPU's content loss.</summary>
internal readonly struct SquaredDifferenceSource(ArrayView<float> a, ArrayView<float> b) : IReduceSource
{
    private readonly ArrayView<float> _a = a;
    private readonly ArrayView<float> _b = b;

    public double Term(int i)
    {
        float d = _a[i] - _b[i];
        return (double)d * d;
    }
}
