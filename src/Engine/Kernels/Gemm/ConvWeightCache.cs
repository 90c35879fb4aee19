using Nst.Engine.Kernels.Winograd;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>The packed forms of one <see cref="ConvWeights"/>, each built on first use (so only the forms a run uses take memory), once, thread-safely.</summary>
internal sealed class ConvWeightCache
{
    private static readonly Lock s_attach = new();

    private readonly Lazy<PackedConv> _forward;
    private readonly Lazy<PackedConv> _backwardData;
    private readonly Lazy<WinogradWeights>[] _winograd; // [tile/2 − 1][backward ? 1 : 0]

    private ConvWeightCache(ConvWeights w)
    {
        _forward = new Lazy<PackedConv>(() => PackedConv.Forward(w), LazyThreadSafetyMode.ExecutionAndPublication);
        _backwardData = new Lazy<PackedConv>(() => PackedConv.BackwardData(w), LazyThreadSafetyMode.ExecutionAndPublication);
        _winograd =
        [
            new(() => WinogradWeights.Forward(w, 2), LazyThreadSafetyMode.ExecutionAndPublication),
            new(() => WinogradWeights.BackwardData(w, 2), LazyThreadSafetyMode.ExecutionAndPublication),
            new(() => WinogradWeights.Forward(w, 4), LazyThreadSafetyMode.ExecutionAndPublication),
            new(() => WinogradWeights.BackwardData(w, 4), LazyThreadSafetyMode.ExecutionAndPublication),
        ];
    }

    public PackedConv Forward => _forward.Value;
    public PackedConv BackwardData => _backwardData.Value;
    /// <summary>The Winograd F(tile×tile, 3×3) weights of the forward (or backward-data) convolution.</summary>
    public WinogradWeights Winograd(int tile, bool backward) => _winograd[(tile / 2 - 1) * 2 + (backward ? 1 : 0)].Value;

    public static ConvWeightCache Of(ConvWeights w)
    {
        if (w.PackedCache is ConvWeightCache cache) return cache;
        lock (s_attach)
        {
            if (w.PackedCache is not ConvWeightCache attached)
            {
                attached = new ConvWeightCache(w);
                w.PackedCache = attached;
            }

            return attached;
        }
    }
}
