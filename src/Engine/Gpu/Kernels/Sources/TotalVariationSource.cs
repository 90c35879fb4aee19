using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Sources;

/// <summary>
/// The TV terms of pixel i of a 3×H×W image: (x[i+1] − x[i])² where a right neighbour exists plus
/// (x[i+W] − x[i])² where a lower one does (differences in float, squares in double); with a power β ≠ 1,
/// (dx² + dy²)^β in double with missing differences as 0, as <see cref="Losses.TotalVariationLoss"/>.
/// </summary>
internal readonly struct TotalVariationSource(ArrayView<float> image, int height, int width, float power) : IReduceSource
{
    private readonly ArrayView<float> _image = image;
    private readonly int _height = height;
    private readonly int _width = width;
    private readonly float _power = power;

    public double Term(int i)
    {
        int plane = _height * _width;
        int p = i % plane;
        int r = p / _width, c = p - r * _width;
        float x = _image[i];
        if (_power == 1f)
        {
            double sum = 0;
            if (c + 1 < _width)
            {
                float d = _image[i + 1] - x;
                sum += (double)d * d;
            }

            if (r + 1 < _height)
            {
                float d = _image[i + _width] - x;
                sum += (double)d * d;
            }

            return sum;
        }

        double dx = c + 1 < _width ? _image[i + 1] - x : 0;
        double dy = r + 1 < _height ? _image[i + _width] - x : 0;
        double b = dx * dx + dy * dy;
        return b == 0 ? 0 : Math.Pow(b, _power);
    }
}
