using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Operands;

/// <summary>A row-major M×K matrix as A: A[m, k] = data[m·stride + k] (features C×HW for the Gram, dG for its backward).</summary>
internal readonly struct RowsOperand(ArrayView<float> data, int stride) : IGemmA
{
    private readonly ArrayView<float> _data = data;
    private readonly int _stride = stride;

    public bool KFastest => true;

    public float Load(int m, int k) => _data[m * _stride + k];
}
