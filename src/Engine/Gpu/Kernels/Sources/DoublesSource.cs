using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Sources;

/// <summary>Terms already computed (the first pass's partials, the style loss's squared differences).</summary>
internal readonly struct DoublesSource(ArrayView<double> terms) : IReduceSource
{
    private readonly ArrayView<double> _terms = terms;

    public double Term(int i) => _terms[i];
}
