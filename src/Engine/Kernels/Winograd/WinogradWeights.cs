using System.Diagnostics.CodeAnalysis;
using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// A 3×3 convolution's weights in the Winograd F(2×2, 3×3) domain: U_ξ = (G·g·Gᵀ)[ξ] for each of the 16
/// positions ξ of the 4×4 transformed tile, each an Outputs × Inputs matrix packed as micro-kernel panels
/// ([ξ][rows/6][Inputs][6], rows zero-padded to a multiple of 6). Transformed in double, rounded once.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Lives as long as its ConvWeights; the buffers' finalizers free them.")]
internal sealed unsafe class WinogradWeights
{
    /// <summary>G of F(2×2, 3×3): a 4×3 matrix whose only non-integers are exact halves.</summary>
    private static readonly double[,] G = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };

    private readonly AlignedBuffer _panels;
    private readonly AlignedBuffer _bias;

    private WinogradWeights(int outputs, int inputs, bool hasBias)
    {
        Outputs = outputs;
        Inputs = inputs;
        HasBias = hasBias;
        RowsPadded = (outputs + MicroKernel.Mr - 1) / MicroKernel.Mr * MicroKernel.Mr;
        _panels = new AlignedBuffer(16L * RowsPadded * inputs);
        _bias = new AlignedBuffer(RowsPadded);
    }

    public int Outputs { get; }
    public int Inputs { get; }
    public int RowsPadded { get; }
    public bool HasBias { get; }
    public float* Bias => HasBias ? _bias.Pointer : null;

    /// <summary>Row block <paramref name="rowBlock"/> of U_ξ: [Inputs][6].</summary>
    public float* Panel(int xi, int rowBlock) => _panels.Pointer + ((long)xi * RowsPadded + rowBlock * MicroKernel.Mr) * Inputs;

    /// <summary>The forward convolution: g = w[o, i].</summary>
    public static WinogradWeights Forward(ConvWeights w)
    {
        var u = new WinogradWeights(w.OutChannels, w.InChannels, hasBias: true);
        for (int o = 0; o < w.OutChannels; o++)
        {
            for (int i = 0; i < w.InChannels; i++) u.Set(o, i, w.Weight, (o * w.InChannels + i) * 9, flip: false);
            u._bias.Pointer[o] = w.Bias[o];
        }

        return u;
    }

    /// <summary>The gradient with respect to the input: g[i, o] = w[o, i] rotated by 180°, no bias.</summary>
    public static WinogradWeights BackwardData(ConvWeights w)
    {
        var u = new WinogradWeights(w.InChannels, w.OutChannels, hasBias: false);
        for (int o = 0; o < w.OutChannels; o++)
        {
            for (int i = 0; i < w.InChannels; i++) u.Set(i, o, w.Weight, (o * w.InChannels + i) * 9, flip: true);
        }

        return u;
    }

    private void Set(int row, int col, float[] weight, int offset, bool flip)
    {
        Span<double> g = stackalloc double[9];
        for (int t = 0; t < 9; t++) g[t] = weight[offset + (flip ? 8 - t : t)];
        Span<double> gg = stackalloc double[12]; // G·g: 4×3
        for (int a = 0; a < 4; a++)
        {
            for (int c = 0; c < 3; c++) gg[a * 3 + c] = G[a, 0] * g[c] + G[a, 1] * g[3 + c] + G[a, 2] * g[6 + c];
        }

        int block = row / MicroKernel.Mr, r = row - block * MicroKernel.Mr;
        for (int a = 0; a < 4; a++)
        {
            for (int b = 0; b < 4; b++)
            {
                double v = gg[a * 3] * G[b, 0] + gg[a * 3 + 1] * G[b, 1] + gg[a * 3 + 2] * G[b, 2];
                Panel(a * 4 + b, block)[col * MicroKernel.Mr + r] = (float)v;
            }
        }
    }
}
