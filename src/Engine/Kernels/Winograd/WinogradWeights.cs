using System.Diagnostics.CodeAnalysis;
using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// A 3×3 convolution's weights in the Winograd F(m×m, 3×3) domain (m = 2 or 4): U_ξ = (G·g·Gᵀ)[ξ] for each of
/// the (m+2)² positions ξ of the transformed tile, each an Outputs × Inputs matrix packed as micro-kernel panels
/// ([ξ][rows/6][Inputs][6], rows zero-padded to a multiple of 6). Transformed in double, rounded once.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Lives as long as its ConvWeights; the buffers' finalizers free them.")]
internal sealed unsafe class WinogradWeights
{
    /// <summary>G of F(2×2, 3×3): a 4×3 matrix whose only non-integers are exact halves.</summary>
    private static readonly double[,] G2 = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };

    /// <summary>G of F(4×4, 3×3) with interpolation points 0, ±1, ±2 (and ∞).</summary>
    private static readonly double[,] G4 =
    {
        { 1 / 4.0, 0, 0 }, { -1 / 6.0, -1 / 6.0, -1 / 6.0 }, { -1 / 6.0, 1 / 6.0, -1 / 6.0 },
        { 1 / 24.0, 1 / 12.0, 1 / 6.0 }, { 1 / 24.0, -1 / 12.0, 1 / 6.0 }, { 0, 0, 1 },
    };

    private readonly AlignedBuffer _panels;
    private readonly AlignedBuffer _bias;

    private WinogradWeights(int tile, int outputs, int inputs, bool hasBias)
    {
        Tile = tile;
        Outputs = outputs;
        Inputs = inputs;
        HasBias = hasBias;
        RowsPadded = (outputs + MicroKernel.Mr - 1) / MicroKernel.Mr * MicroKernel.Mr;
        _panels = new AlignedBuffer((long)Positions * RowsPadded * inputs);
        _bias = new AlignedBuffer(RowsPadded);
    }

    /// <summary>m: each tile yields m×m output pixels from an (m+2)×(m+2) patch.</summary>
    public int Tile { get; }

    /// <summary>(m+2)²: products per tile.</summary>
    public int Positions => (Tile + 2) * (Tile + 2);

    public int Outputs { get; }
    public int Inputs { get; }
    public int RowsPadded { get; }
    public bool HasBias { get; }
    public float* Bias => HasBias ? _bias.Pointer : null;

    /// <summary>Row block <paramref name="rowBlock"/> of U_ξ: [Inputs][6].</summary>
    public float* Panel(int xi, int rowBlock) => _panels.Pointer + ((long)xi * RowsPadded + rowBlock * MicroKernel.Mr) * Inputs;

    /// <summary>The forward convolution: g = w[o, i].</summary>
    public static WinogradWeights Forward(ConvWeights w, int tile)
    {
        var u = new WinogradWeights(tile, w.OutChannels, w.InChannels, hasBias: true);
        for (int o = 0; o < w.OutChannels; o++)
        {
            for (int i = 0; i < w.InChannels; i++) u.Set(o, i, w.Weight, (o * w.InChannels + i) * 9, flip: false);
            u._bias.Pointer[o] = w.Bias[o];
        }

        return u;
    }

    /// <summary>The gradient with respect to the input: g[i, o] = w[o, i] rotated by 180°, no bias.</summary>
    public static WinogradWeights BackwardData(ConvWeights w, int tile)
    {
        var u = new WinogradWeights(tile, w.InChannels, w.OutChannels, hasBias: false);
        for (int o = 0; o < w.OutChannels; o++)
        {
            for (int i = 0; i < w.InChannels; i++) u.Set(i, o, w.Weight, (o * w.InChannels + i) * 9, flip: true);
        }

        return u;
    }

    private void Set(int row, int col, float[] weight, int offset, bool flip)
    {
        var g = Tile == 2 ? G2 : G4;
        int a = Tile + 2;
        Span<double> k = stackalloc double[9];
        for (int t = 0; t < 9; t++) k[t] = weight[offset + (flip ? 8 - t : t)];
        Span<double> gk = stackalloc double[6 * 3]; // G·k: a×3
        for (int i = 0; i < a; i++)
        {
            for (int c = 0; c < 3; c++) gk[i * 3 + c] = g[i, 0] * k[c] + g[i, 1] * k[3 + c] + g[i, 2] * k[6 + c];
        }

        int block = row / MicroKernel.Mr, r = row - block * MicroKernel.Mr;
        for (int i = 0; i < a; i++)
        {
            for (int j = 0; j < a; j++)
            {
                double v = gk[i * 3] * g[j, 0] + gk[i * 3 + 1] * g[j, 1] + gk[i * 3 + 2] * g[j, 2];
                Panel(i * a + j, block)[col * MicroKernel.Mr + r] = (float)v;
            }
        }
    }
}
