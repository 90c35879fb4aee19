using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Operands;

/// <summary>A row-major K×N matrix as B: B[k, n] = data[k·stride + n] (the features, for the Gram's backward).</summary>
internal readonly struct ColumnsOperand(ArrayView<float> data, int stride) : IGemmB
{
    private readonly ArrayView<float> _data = data;
    private readonly int _stride = stride;

    public bool KFastest => false;

    public int Column(int n) => n;

    public float Load(int k, int column) => _data[k * _stride + column];
}
