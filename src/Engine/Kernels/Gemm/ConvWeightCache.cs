namespace Nst.Engine.Kernels.Gemm;

/// <summary>The packed forms of one <see cref="ConvWeights"/>, each built on first use, once, thread-safely.</summary>
internal sealed class ConvWeightCache
{
    private static readonly Lock s_attach = new();

    private readonly Lazy<PackedConv> _forward;
    private readonly Lazy<PackedConv> _backwardData;

    private ConvWeightCache(ConvWeights w)
    {
        _forward = new Lazy<PackedConv>(() => PackedConv.Forward(w), LazyThreadSafetyMode.ExecutionAndPublication);
        _backwardData = new Lazy<PackedConv>(() => PackedConv.BackwardData(w), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public PackedConv Forward => _forward.Value;
    public PackedConv BackwardData => _backwardData.Value;

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
