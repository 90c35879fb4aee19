using Nst.Engine.Kernels.Winograd;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>The packed forms of one <see cref="ConvWeights"/>, each built on first use (so only the forms a run uses take memory), once, thread-safely.</summary>
internal sealed class ConvWeightCache
{
    private static readonly Lock s_attach = new();

    private readonly Lazy<PackedConv> _forward;
    private readonly Lazy<PackedConv> _backwardData;
    private readonly Lazy<WinogradWeights> _winogradForward;
    private readonly Lazy<WinogradWeights> _winogradBackwardData;

    private ConvWeightCache(ConvWeights w)
    {
        _forward = new Lazy<PackedConv>(() => PackedConv.Forward(w), LazyThreadSafetyMode.ExecutionAndPublication);
        _backwardData = new Lazy<PackedConv>(() => PackedConv.BackwardData(w), LazyThreadSafetyMode.ExecutionAndPublication);
        _winogradForward = new Lazy<WinogradWeights>(() => WinogradWeights.Forward(w), LazyThreadSafetyMode.ExecutionAndPublication);
        _winogradBackwardData = new Lazy<WinogradWeights>(() => WinogradWeights.BackwardData(w), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public PackedConv Forward => _forward.Value;
    public PackedConv BackwardData => _backwardData.Value;
    public WinogradWeights WinogradForward => _winogradForward.Value;
    public WinogradWeights WinogradBackwardData => _winogradBackwardData.Value;

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
