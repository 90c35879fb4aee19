namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// The packed direct-path forms of one <see cref="ConvWeights"/>, each built on first use (so only the forms a run
/// uses take memory), once, thread-safely. Winograd weights are not kept here: they are up to 4× larger, so each
/// convolution transforms them into a pooled buffer as it runs (<see cref="Winograd.WinogradWeightPool"/>).
/// </summary>
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
