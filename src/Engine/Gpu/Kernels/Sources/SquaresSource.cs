using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Sources;

/// <summary>v² in double: a squared L2 norm (--normalize-gradients).</summary>
internal readonly struct SquaresSource(ArrayView<float> values) : IReduceSource
{
    private readonly ArrayView<float> _values = values;

    public double Term(int i)
    {
        double v = _values[i];
        return v * v;
    }
}
