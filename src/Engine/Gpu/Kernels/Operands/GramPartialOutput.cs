using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Operands;

/// <summary>One K slice's partial Gram matrix: partial[slice][m, n], summed over the slices in order afterwards.</summary>
internal readonly struct GramPartialOutput(ArrayView<float> partial, int channels) : IGemmOutput
{
    private readonly ArrayView<float> _partial = partial;
    private readonly int _channels = channels;

    public void Store(int m, int n, int slice, float sum) => _partial[(slice * _channels + m) * _channels + n] = sum;
}
