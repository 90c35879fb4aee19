using System.Diagnostics.CodeAnalysis;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// A 3×3 convolution's weights as the A operand of the implicit GEMM: M output channels × K = 9·inputs,
/// in zero-padded [M/6][K][6] panels, with the bias padded to the same rows.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Lives as long as its ConvWeights; the buffers' finalizers free them.")]
internal sealed unsafe class PackedConv
{
    private readonly AlignedBuffer _panels;
    private readonly AlignedBuffer _bias;

    private PackedConv(int outputs, int inputs, bool hasBias)
    {
        Outputs = outputs;
        Inputs = inputs;
        HasBias = hasBias;
        int rows = (outputs + MicroKernel.Mr - 1) / MicroKernel.Mr * MicroKernel.Mr;
        _panels = new AlignedBuffer((long)rows * K);
        _bias = new AlignedBuffer(rows);
    }

    public int Outputs { get; }
    public int Inputs { get; }
    public int K => Inputs * 9;
    public bool HasBias { get; }
    public float* Panels => _panels.Pointer;
    public float* Bias => HasBias ? _bias.Pointer : null;

    /// <summary>A[o][(i·3+ky)·3+kx] = w[o,i,ky,kx], plus the bias.</summary>
    public static PackedConv Forward(ConvWeights w)
    {
        var p = new PackedConv(w.OutChannels, w.InChannels, hasBias: true);
        int k = p.K;
        for (int o = 0; o < w.OutChannels; o++)
        {
            for (int kk = 0; kk < k; kk++) p.Set(o, kk, w.Weight[o * k + kk]);
            p._bias.Pointer[o] = w.Bias[o];
        }

        return p;
    }

    /// <summary>The gradient with respect to the input is the same convolution with A[i][(o·3+ky)·3+kx] = w[o,i,2−ky,2−kx].</summary>
    public static PackedConv BackwardData(ConvWeights w)
    {
        var p = new PackedConv(w.InChannels, w.OutChannels, hasBias: false);
        int ci = w.InChannels;
        for (int i = 0; i < ci; i++)
        {
            for (int o = 0; o < w.OutChannels; o++)
            {
                for (int t = 0; t < 9; t++)
                {
                    p.Set(i, o * 9 + t, w.Weight[(o * ci + i) * 9 + 8 - t]);
                }
            }
        }

        return p;
    }

    private void Set(int row, int k, float value)
    {
        int block = row / MicroKernel.Mr;
        _panels.Pointer[((long)block * K + k) * MicroKernel.Mr + row - block * MicroKernel.Mr] = value;
    }
}
