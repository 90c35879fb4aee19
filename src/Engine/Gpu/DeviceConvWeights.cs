using Nst.Engine.Kernels;

namespace Nst.Engine.Gpu;

/// <summary>
/// One convolution's weights on the device, in the two layouts the implicit GEMM reads: forward K×Co with
/// k = i·9 + ky·3 + kx, and backward-data K'×Ci with k' = o·9 + ky·3 + kx holding w[o, i, 2 − ky, 2 − kx]
/// (the kernel flipped and transposed: dx = conv(dy, w')), plus the bias. Uploaded once per backend.
/// </summary>
internal sealed class DeviceConvWeights : IDisposable
{
    private readonly DeviceBuffer<float> _forward;
    private readonly DeviceBuffer<float> _backward;
    private readonly DeviceBuffer<float> _bias;

    public DeviceConvWeights(DeviceMemory memory, ConvWeights w)
    {
        ArgumentNullException.ThrowIfNull(w);
        InChannels = w.InChannels;
        OutChannels = w.OutChannels;
        int ci = w.InChannels, co = w.OutChannels, k = ci * 9;
        var forward = new float[k * co];
        var backward = new float[co * 9 * ci];
        for (int o = 0; o < co; o++)
        {
            for (int i = 0; i < ci; i++)
            {
                for (int tap = 0; tap < 9; tap++)
                {
                    float v = w.Weight[(o * ci + i) * 9 + tap];
                    forward[(i * 9 + tap) * co + o] = v;
                    backward[(o * 9 + (8 - tap)) * ci + i] = v;
                }
            }
        }

        _forward = memory.Allocate<float>(forward.Length);
        _backward = memory.Allocate<float>(backward.Length);
        _bias = memory.Allocate<float>(co);
        _forward.Upload(forward);
        _backward.Upload(backward);
        _bias.Upload(w.Bias);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public ILGPU.ArrayView<float> Forward => _forward.View;

    public ILGPU.ArrayView<float> Backward => _backward.View;

    public ILGPU.ArrayView<float> Bias => _bias.View;

    public void Dispose()
    {
        _forward.Dispose();
        _backward.Dispose();
        _bias.Dispose();
    }
}
