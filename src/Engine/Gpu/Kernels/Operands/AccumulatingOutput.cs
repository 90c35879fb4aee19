using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Operands;

/// <summary>C written (or, with accumulate, added to what is there): a loss's gradient into the network's gradient buffer.</summary>
internal readonly struct AccumulatingOutput(ArrayView<float> output, int columns, bool accumulate) : IGemmOutput
{
    private readonly ArrayView<float> _output = output;
    private readonly int _columns = columns;
    private readonly int _accumulate = accumulate ? 1 : 0;

    public void Store(int m, int n, int slice, float sum)
    {
        int at = m * _columns + n;
        _output[at] = _accumulate != 0 ? _output[at] + sum : sum;
    }
}
