using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Operands;

/// <summary>
/// A of a convolution as GEMM: the weights laid out K×M (k = input channel·9 + tap, m = output channel), so a
/// tile row of consecutive channels is one coalesced read.
/// </summary>
internal readonly struct ConvWeightsOperand(ArrayView<float> weights, int outputs) : IGemmA
{
    private readonly ArrayView<float> _weights = weights;
    private readonly int _outputs = outputs;

    public bool KFastest => false;

    public float Load(int m, int k) => _weights[k * _outputs + m];
}
