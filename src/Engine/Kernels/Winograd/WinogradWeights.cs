using System.Diagnostics.CodeAnalysis;
using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// A 3×3 convolution's weights in the Winograd F(m×m, 3×3) domain (m = 2 or 4): U_ξ = (G·g·Gᵀ)[ξ] for each of
/// the (m+2)² positions ξ of the transformed tile, each an Outputs × Inputs matrix packed as micro-kernel panels
/// ([ξ][rows/6][Inputs][6], rows zero-padded to a multiple of 6). A reusable buffer: <see cref="Load"/> transforms
/// one convolution's weights into it just before that convolution runs (see <see cref="WinogradWeightPool"/>), so
/// only the layers running at the moment hold transformed weights; it grows to the largest layer it has held.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Pooled for the life of the process; the buffers' finalizers free them.")]
internal sealed unsafe class WinogradWeights
{
    private AlignedBuffer? _panels;
    private AlignedBuffer? _bias;
    private float* _u;

    /// <summary>m: each tile yields m×m output pixels from an (m+2)×(m+2) patch.</summary>
    public int Tile { get; private set; }

    /// <summary>(m+2)²: products per tile.</summary>
    public int Positions => (Tile + 2) * (Tile + 2);

    public int Outputs { get; private set; }
    public int Inputs { get; private set; }
    public int RowsPadded { get; private set; }
    public bool HasBias { get; private set; }
    public float* Bias => HasBias ? _bias!.Pointer : null;

    /// <summary>Floats the panel buffer holds: what the largest convolution loaded so far needed.</summary>
    public long Capacity => _panels?.Length ?? 0;

    /// <summary>Row block <paramref name="rowBlock"/> of U_ξ: [Inputs][6].</summary>
    public float* Panel(int xi, int rowBlock) => _u + ((long)xi * RowsPadded + rowBlock * MicroKernel.Mr) * Inputs;

    /// <summary>
    /// Transforms the forward convolution's weights (g = w[o, i], with the bias) or, if <paramref name="backward"/>,
    /// those of its gradient with respect to the input (g[i, o] = w[o, i] rotated by 180°, no bias).
    /// </summary>
    public void Load(ConvWeights w, int tile, bool backward)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (tile is not (2 or 4)) throw new ArgumentOutOfRangeException(nameof(tile), tile, "Winograd tile must be 2 or 4.");
        Tile = tile;
        Outputs = backward ? w.InChannels : w.OutChannels;
        Inputs = backward ? w.OutChannels : w.InChannels;
        HasBias = !backward;
        RowsPadded = (Outputs + MicroKernel.Mr - 1) / MicroKernel.Mr * MicroKernel.Mr;
        _u = AlignedBuffer.Ensure(ref _panels, (long)Positions * RowsPadded * Inputs);
        float* bias = AlignedBuffer.Ensure(ref _bias, RowsPadded);
        new Span<float>(bias, RowsPadded).Clear();
        if (HasBias) w.Bias.CopyTo(new Span<float>(bias, Outputs));
        WinogradWeightTransform.Run(w, tile, backward, _u, RowsPadded);
    }
}
