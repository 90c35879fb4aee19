using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Operands;

/// <summary>Fᵀ as B for the Gram matrix: B[k, n] = data[n·stride + k].</summary>
internal readonly struct TransposedRowsOperand(ArrayView<float> data, int stride) : IGemmB
{
    private readonly ArrayView<float> _data = data;
    private readonly int _stride = stride;

    public bool KFastest => true;

    public int Column(int n) => n;

    public float Load(int k, int column) => _data[column * _stride + k];
}
