using Nst.Engine.Nn;
using static Nst.Engine.Session.Options.OptionSpecFactory;

namespace Nst.Engine.Session.Options;

/// <summary>The job options, in display order: everything a run can be told, from any surface.</summary>
internal static class JobOptionSpecs
{
    public static IReadOnlyList<OptionSpec> All { get; } =
    [
        Enum("preprocess", "Input normalisation of the network: torchvision (RGB, mean/std) or caffe (BGR, 0–255, mean subtraction).",
            "from the model file, else torchvision", "caffe",
            [("torchvision", Preprocess.Torchvision), ("caffe", Preprocess.Caffe)],
            o => o.Preprocess, (o, v) => o with { Preprocess = v },
            effective: (o, p) => o.Preprocess ?? p),
        Int("size", "Longer side of the output in pixels; 0 keeps the images' own sizes.", "512", "256",
            o => o.Size, (o, v) => o with { Size = v }, 0, StyleTransferOptions.MaxSide, limits => limits.MaxSize),
        Scales(),
        Iterations(),
        Layers("content-layers", "Content layers: conv4_2 is pre-ReLU, relu4_2 / block4_conv2 post-ReLU.", "relu4_2", "conv4_2,relu5_2",
            o => o.ContentLayers, (o, v) => o with { ContentLayers = v }),
        Layers("style-layers", "Style layers, as jcjohnson/neural-style.", "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1", "relu1_2,relu2_2,relu3_2,relu4_2,relu5_2",
            o => o.StyleLayers, (o, v) => o with { StyleLayers = v }),
        FloatList("style-layer-weights", "λ per style layer (one per style layer).", "1 each", "1,0.5,0.25,0.5,1",
            (o, _) => OptionText.Format(o.StyleLayerWeights.Count > 0 ? o.StyleLayerWeights : o.StyleLayers.Select(_ => 1f)),
            (o, v) => o with { StyleLayerWeights = v }, acceptsAuto: false),
        AutoFloat("content-weight", "Weight of the content loss (see \"Loss weights\").", "30 (caffe: 5)", "12.5",
            (o, p) => o.ContentWeight ?? ((o.Preprocess ?? p) is { } pre ? o.ResolvedContentWeight(pre) : null),
            (o, v) => o with { ContentWeight = v }, 0),
        AutoFloat("style-weight", "Weight of the style loss.", "1e6 (caffe: 100)", "250000",
            (o, p) => o.StyleWeight ?? ((o.Preprocess ?? p) is { } pre ? o.ResolvedStyleWeight(pre) : null),
            (o, v) => o with { StyleWeight = v }, 0),
        AutoFloat("tv-weight", "Weight of the total variation on the [0,1] image.", "1e-5 (caffe: 30)", "0.001",
            (o, p) => o.TvWeight ?? ((o.Preprocess ?? p) is { } pre ? o.ResolvedTvWeight(pre) : null),
            (o, v) => o with { TvWeight = v }, 0),
        Float("tv-power", "β of the TV term Σ(dx²+dy²)^β (1: plain squared TV).", "1", "1.25",
            o => o.TvPower, (o, v) => o with { TvPower = v }, 0, minExclusive: true, max: 4),
        Bool("normalize-gradients", "Scale each loss's gradient at its layer to unit norm × weight² (neural-style-pt's -normalize_gradients).", "true",
            o => o.NormalizeGradients, (o, v) => o with { NormalizeGradients = v }),
        Enum("init", "Start image: the content, seeded noise (see seed) or the first style.", "content", "noise",
            [("content", InitMode.Content), ("noise", InitMode.Noise), ("style", InitMode.Style)],
            o => o.Init, (o, v) => o with { Init = v!.Value }),
        Int("seed", "Seed of the noise start image.", "0", "42",
            o => o.Seed, (o, v) => o with { Seed = v }, int.MinValue, int.MaxValue),
        Enum("optimizer", "L-BFGS as torch.optim.LBFGS(max_iter=1), Adam as torch.optim.Adam.", "lbfgs", "adam",
            [("lbfgs", OptimizerKind.Lbfgs), ("adam", OptimizerKind.Adam)],
            o => o.Optimizer, (o, v) => o with { Optimizer = v!.Value }),
        Enum("line-search", "L-BFGS line search (strong-wolfe: more evaluations per iteration, steadier).", "none", "strong-wolfe",
            [("none", false), ("strong-wolfe", true)],
            o => o.StrongWolfe, (o, v) => o with { StrongWolfe = v!.Value }),
        Int("lbfgs-history", "L-BFGS history size (curvature pairs kept; memory grows with it).", "100", "20",
            o => o.LbfgsHistory, (o, v) => o with { LbfgsHistory = v }, 1, StyleTransferOptions.MaxLbfgsHistory),
        AutoFloat("lr", "Learning rate.", "L-BFGS 1, Adam 0.02", "0.5",
            (o, _) => o.ResolvedLearningRate,
            (o, v) => o with { LearningRate = v }, 0, minExclusive: true),
        Enum("pooling", "Pooling in the network.", "max", "avg",
            [("max", PoolingMode.Max), ("avg", PoolingMode.Avg)],
            o => o.Pooling, (o, v) => o with { Pooling = v!.Value }),
        FloatList("style-blend", "Blend weights of several style images (their Gram targets are mixed).", "equal", "0.7,0.3",
            (o, _) => o.StyleBlend.Count > 0 ? OptionText.Format(o.StyleBlend) : OptionText.Auto,
            (o, v) => o with { StyleBlend = v }, acceptsAuto: true),
        Float("style-scale", "Style size relative to the content.", "1", "0.5",
            o => o.StyleScale, (o, v) => o with { StyleScale = v }, 0, minExclusive: true, max: 8),
        Enum("preserve-colors", "Keep the content's colours: luminance-only transfer, or match the style's colour statistics first (true means luminance).", "none", "histogram",
            [("none", ColorPreservation.None), ("luminance", ColorPreservation.Luminance), ("histogram", ColorPreservation.Histogram)],
            o => o.PreserveColors, (o, v) => o with { PreserveColors = v!.Value },
            aliases: [("true", ColorPreservation.Luminance), ("yes", ColorPreservation.Luminance), ("1", ColorPreservation.Luminance),
                ("false", ColorPreservation.None), ("no", ColorPreservation.None), ("0", ColorPreservation.None)]),
        Enum("keep", "Result of each scale: the iterate with the lowest loss seen, or the last one.", "best", "final",
            [("best", KeepIterate.Best), ("final", KeepIterate.Final)],
            o => o.Keep, (o, v) => o with { Keep = v!.Value }),
    ];

    /// <summary><c>N</c> coarse-to-fine scales (each half the next) or the sizes themselves, e.g. <c>256,512</c>.</summary>
    private static OptionSpec Scales() => new(
        "scales", OptionType.IntList, "N|S,S…",
        "Coarse-to-fine scales: a count (each half the next) or the sizes themselves, increasing.", "1", "256,512",
        (o, v, limits) =>
        {
            string[] parts = OptionText.List("scales", v);
            if (parts.Length == 1)
            {
                return o with { Scales = OptionText.Int("scales", parts[0], 1, limits.MaxScales), ScaleSizes = null };
            }

            if (parts.Length > limits.MaxScales)
            {
                throw new OptionException("scales", $"lists {parts.Length} sizes; at most {limits.MaxScales} scales are allowed.");
            }

            int[] sizes = [.. parts.Select(p => OptionText.Int("scales", p, StyleTransferOptions.MinSide, limits.MaxSize))];
            return o with { Scales = sizes.Length, ScaleSizes = sizes };
        },
        (o, _) => o.ScaleSizes is { Count: > 0 } sizes ? OptionText.Format(sizes) : OptionText.Format(o.Scales),
        min: 1, max: StyleTransferOptions.MaxScales, hostLimit: limits => limits.MaxScales);

    /// <summary>One count for every scale, or one per scale; bounded per value and in total.</summary>
    private static OptionSpec Iterations() => new(
        "iterations", OptionType.IntList, "N[,N…]",
        "Iterations per scale (one value, or one per scale); on --resume, iterations to add.", "500", "120",
        (o, v, limits) => o with
        {
            Iterations = [.. OptionText.List("iterations", v).Select(p => OptionText.Int("iterations", p, 0, limits.MaxIterations))],
        },
        (o, _) => OptionText.Format(o.Iterations),
        min: 0, max: StyleTransferOptions.MaxTotalIterations, hostLimit: limits => limits.MaxIterations);
}
