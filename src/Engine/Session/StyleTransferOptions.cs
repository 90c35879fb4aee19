using Nst.Engine.Nn;
using Nst.Engine.Session.Options;

namespace Nst.Engine.Session;

/// <summary>
/// Every option of a style-transfer run. Defaults follow jcjohnson/neural-style where it has one (layers, L-BFGS,
/// 512 px) and are rescaled to the torchvision preprocessing (see README "Options" for the reasoning). Each option
/// is described once, with its text form, in <see cref="OptionCatalog"/>; <see cref="OptionBinder"/> sets them from
/// text the way every surface (CLI, API, drops, manifests) writes them.
/// </summary>
public sealed record StyleTransferOptions
{
    /// <summary>The smallest side of any scale: four 2×2 poolings must leave a pixel for relu5_*.</summary>
    public const int MinSide = 16;

    /// <summary>The engine's bound on any scale's long side (hosts set lower ones through <see cref="OptionLimits"/>).</summary>
    public const int MaxSide = 16384;

    /// <summary>The most scales a run may have.</summary>
    public const int MaxScales = 8;

    /// <summary>The engine's bound on the iterations of a run, over all scales.</summary>
    public const int MaxTotalIterations = 10_000_000;

    /// <summary>The largest L-BFGS history (its memory is 2 × history × the image's values).</summary>
    public const int MaxLbfgsHistory = 1000;

    /// <summary>Longer side of the output in pixels; 0 keeps the content's (and each style's) own size. Default 512.</summary>
    public int Size { get; init; } = 512;

    /// <summary>Number of coarse-to-fine scales ending at <see cref="Size"/>, each half the next. Default 1.</summary>
    public int Scales { get; init; } = 1;

    /// <summary>Explicit sizes of the scales (overrides <see cref="Scales"/>), increasing, the last being the output size.</summary>
    public IReadOnlyList<int>? ScaleSizes { get; init; }

    /// <summary>Iterations per scale: one value for every scale or one per scale. Default 500.</summary>
    public IReadOnlyList<int> Iterations { get; init; } = [500];

    public IReadOnlyList<string> ContentLayers { get; init; } = ["relu4_2"];

    public IReadOnlyList<string> StyleLayers { get; init; } = ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"];

    /// <summary>λ per style layer; empty means 1 for each.</summary>
    public IReadOnlyList<float> StyleLayerWeights { get; init; } = [];

    /// <summary>Content weight; null takes the preprocessing's default (torchvision 30, caffe 5).</summary>
    public float? ContentWeight { get; init; }

    /// <summary>Style weight; null takes the preprocessing's default (torchvision 1e6, caffe 100).</summary>
    public float? StyleWeight { get; init; }

    /// <summary>Total-variation weight on the [0,1] image; null takes the preprocessing's default (torchvision 1e-5, caffe 30).</summary>
    public float? TvWeight { get; init; }

    public InitMode Init { get; init; } = InitMode.Content;

    /// <summary>Seed of the noise initialisation. Default 0.</summary>
    public int Seed { get; init; }

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Lbfgs;

    /// <summary>Learning rate; null takes the optimizer's default (L-BFGS 1, Adam 0.02).</summary>
    public float? LearningRate { get; init; }

    /// <summary>L-BFGS with a strong-Wolfe line search (more evaluations per iteration, steadier). Default off.</summary>
    public bool StrongWolfe { get; init; }

    /// <summary>L-BFGS history size. Default 100 (PyTorch's).</summary>
    public int LbfgsHistory { get; init; } = 100;

    public PoolingMode Pooling { get; init; } = PoolingMode.Max;

    /// <summary>Preprocessing; null takes the model file's hint, else torchvision.</summary>
    public Preprocess? Preprocess { get; init; }

    /// <summary>Blend weights of the style images (normalised); empty means equal.</summary>
    public IReadOnlyList<float> StyleBlend { get; init; } = [];

    /// <summary>Style images are resized to this fraction of the content's longer side. Default 1.</summary>
    public float StyleScale { get; init; } = 1f;

    public ColorPreservation PreserveColors { get; init; } = ColorPreservation.None;

    /// <summary>β of the TV term Σ(dx² + dy²)^β. Default 1 (plain squared TV).</summary>
    public float TvPower { get; init; } = 1f;

    /// <summary>Scale each loss's gradient at its layer to unit norm × weight² (neural-style-pt's -normalize_gradients). Default off.</summary>
    public bool NormalizeGradients { get; init; }

    /// <summary>Which iterate of each scale is its result: the lowest-loss one (default) or the last.</summary>
    public KeepIterate Keep { get; init; } = KeepIterate.Best;

    public float ResolvedContentWeight(Preprocess p) => ContentWeight ?? (p == Nn.Preprocess.Caffe ? 5f : 30f);

    public float ResolvedStyleWeight(Preprocess p) => StyleWeight ?? (p == Nn.Preprocess.Caffe ? 100f : 1e6f);

    /// <summary>
    /// jcjohnson/neural-style's 1e-3 applies to 0–255 images: ≈30 on [0,1] images beside caffe-scale losses; beside
    /// torchvision-scale losses, 1e-5 smooths without washing the style out.
    /// </summary>
    public float ResolvedTvWeight(Preprocess p) => TvWeight ?? (p == Nn.Preprocess.Caffe ? 30f : 1e-5f);

    public float ResolvedLearningRate => LearningRate ?? (Optimizer == OptimizerKind.Adam ? 0.02f : 1f);

    /// <summary>
    /// Throws an <see cref="OptionException"/> naming the first invalid option by its canonical name
    /// (<c>scales</c>); <see cref="OptionBinder"/> renames it the way the user wrote it.
    /// </summary>
    public void Validate()
    {
        if (Size < 0) throw new OptionException("size", $"must be 0 or positive, got {Size}.");
        if (Size is > 0 and < MinSide) throw new OptionException("size", $"{Size} is too small; use at least {MinSide} (or 0 to keep the image's size).");
        if (Size > MaxSide) throw new OptionException("size", $"must be at most {MaxSide}, got {Size}.");
        if (ScaleSizes is { Count: > 0 } sizes)
        {
            if (sizes.Count > MaxScales) throw new OptionException("scales", $"lists {sizes.Count} sizes; at most {MaxScales} scales are possible.");
            if (sizes.Any(s => s is < MinSide or > MaxSide)) throw new OptionException("scales", $"sizes must be between {MinSide} and {MaxSide}.");
            for (int i = 1; i < sizes.Count; i++)
            {
                if (sizes[i] <= sizes[i - 1]) throw new OptionException("scales", "sizes must increase.");
            }
        }
        else if (Scales < 1 || Scales > MaxScales)
        {
            throw new OptionException("scales", $"must be between 1 and {MaxScales}, got {Scales}.");
        }

        if (Iterations.Count == 0 || Iterations.Any(i => i < 0)) throw new OptionException("iterations", "must be non-negative whole numbers.");
        int scales = ScaleCount;
        if (Iterations.Count != 1 && Iterations.Count != scales)
        {
            throw new OptionException("iterations", $"takes one value or one per scale ({scales}), got {Iterations.Count}.");
        }

        if (TotalIterations > MaxTotalIterations) throw new OptionException("iterations", $"come to {TotalIterations:N0}, more than the engine's {MaxTotalIterations:N0}.");
        CheckLayers("content-layers", ContentLayers);
        CheckLayers("style-layers", StyleLayers);
        if (StyleLayers.Count == 0) throw new OptionException("style-layers", "needs at least one layer.");
        if (StyleLayerWeights.Count != 0 && StyleLayerWeights.Count != StyleLayers.Count)
        {
            throw new OptionException("style-layer-weights", $"has {StyleLayerWeights.Count} values for {StyleLayers.Count} style layers.");
        }

        if (StyleLayerWeights.Any(w => !(w >= 0) || !float.IsFinite(w))) throw new OptionException("style-layer-weights", "must be non-negative numbers.");
        CheckWeight("content-weight", ContentWeight);
        CheckWeight("style-weight", StyleWeight);
        CheckWeight("tv-weight", TvWeight);
        if (LearningRate is { } lr && !(lr > 0 && float.IsFinite(lr))) throw new OptionException("lr", $"must be positive, got {lr}.");
        if (LbfgsHistory is < 1 or > MaxLbfgsHistory) throw new OptionException("lbfgs-history", $"must be between 1 and {MaxLbfgsHistory}, got {LbfgsHistory}.");
        if (!(TvPower > 0) || TvPower > 4) throw new OptionException("tv-power", $"must be in (0, 4], got {TvPower}.");
        if (!(StyleScale > 0) || StyleScale > 8) throw new OptionException("style-scale", $"must be in (0, 8], got {StyleScale}.");
        if (StyleBlend.Any(b => !(b >= 0) || !float.IsFinite(b)) || (StyleBlend.Count > 0 && StyleBlend.Sum() <= 0))
        {
            throw new OptionException("style-blend", "weights must be non-negative and not all zero.");
        }

        CheckDefined("init", Init);
        CheckDefined("optimizer", Optimizer);
        CheckDefined("pooling", Pooling);
        CheckDefined("preserve-colors", PreserveColors);
        CheckDefined("keep", Keep);
        if (Preprocess is { } p) CheckDefined("preprocess", p);
    }

    /// <summary>Number of scales of the schedule.</summary>
    public int ScaleCount => ScaleSizes is { Count: > 0 } s ? s.Count : Scales;

    /// <summary>Iterations of the whole schedule, over all scales (long: validation sees it before it is bounded).</summary>
    public long TotalIterations => Iterations.Count == 1
        ? (long)Iterations[0] * Math.Max(ScaleCount, 1)
        : Iterations.Sum(i => (long)i);

    /// <summary>Iterations of scale <paramref name="scale"/>.</summary>
    public int IterationsAt(int scale) => Iterations.Count == 1 ? Iterations[0] : Iterations[scale];

    /// <summary>
    /// The longer side of scale <paramref name="scale"/> given the content's own longer side:
    /// explicit sizes, or <see cref="Size"/> halved once per scale below the last (0 keeps the content's size).
    /// </summary>
    public int LongSideAt(int scale, int contentLongSide)
    {
        if (ScaleSizes is { Count: > 0 } s) return s[scale];
        int top = Size == 0 ? contentLongSide : Size;
        int size = top >> (ScaleCount - 1 - scale);
        return Math.Max(size, MinSide);
    }

    private static void CheckLayers(string option, IReadOnlyList<string> layers)
    {
        foreach (var layer in layers)
        {
            if (!Vgg19Layout.TryResolve(layer, out _))
            {
                throw new OptionException(option, $"has an unknown layer '{OptionText.Quote(layer)}'; use {Vgg19Layout.AllowedNamesHint}.");
            }
        }
    }

    private static void CheckWeight(string option, float? weight)
    {
        if (weight is { } w && !(w >= 0 && float.IsFinite(w))) throw new OptionException(option, $"must be a non-negative number, got {w}.");
    }

    private static void CheckDefined<T>(string option, T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) throw new OptionException(option, $"has no value {value}.");
    }
}
