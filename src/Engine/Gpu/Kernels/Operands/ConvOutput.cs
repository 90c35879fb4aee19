using ILGPU;

namespace Nst.Engine.Gpu.Kernels.Operands;

/// <summary>
/// A convolution's epilogue: y[m, n] = sum + bias[m], then ReLU when fused; in the backward pass, the gradient
/// masked by the ReLU below (mask[m, n] &gt; 0), so that ReLU needs no pass of its own. Empty views mean "none".
/// </summary>
internal readonly struct ConvOutput(ArrayView<float> output, ArrayView<float> bias, ArrayView<float> mask, int pixels, bool relu) : IGemmOutput
{
    private readonly ArrayView<float> _output = output;
    private readonly ArrayView<float> _bias = bias;
    private readonly ArrayView<float> _mask = mask;
    private readonly int _pixels = pixels;
    private readonly int _relu = relu ? 1 : 0;

    public void Store(int m, int n, int slice, float sum)
    {
        int at = m * _pixels + n;
        float v = sum;
        if (_bias.Length > 0) v += _bias[m];
        if (_relu != 0) v = v > 0 ? v : 0f;
        if (_mask.Length > 0) v = _mask[at] > 0 ? v : 0f;
        _output[at] = v;
    }
}
