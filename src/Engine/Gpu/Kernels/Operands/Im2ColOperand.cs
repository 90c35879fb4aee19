using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Operands;

/// <summary>
/// B of a 3×3, pad 1 convolution as GEMM, gathered from the C×H×W map without materialising im2col:
/// B[i·9 + ky·3 + kx, r·W + c] = x[i, r + ky − 1, c + kx − 1], zero outside the map.
/// A column's handle packs its row and column (r·65536 + c), so the division by W happens once per column.
/// </summary>
internal readonly struct Im2ColOperand(ArrayView<float> image, int height, int width) : IGemmB
{
    private readonly ArrayView<float> _image = image;
    private readonly int _height = height;
    private readonly int _width = width;

    public bool KFastest => false;

    public int Column(int n)
    {
        int r = n / _width;
        return (r << 16) | (n - r * _width);
    }

    public float Load(int k, int column)
    {
        int channel = k / 9, tap = k - 9 * channel;
        int ky = tap / 3, kx = tap - 3 * ky;
        int r = (column >> 16) + ky - 1, c = (column & 0xFFFF) + kx - 1;
        if ((uint)r >= (uint)_height || (uint)c >= (uint)_width) return 0f;
        return _image[(channel * _height + r) * _width + c];
    }
}
