using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Nst.Engine.Kernels;
using Nst.Engine.Nn;
using Nst.Engine.Tensors;

namespace Nst.Engine.Losses;

/// <summary>
/// The whole Gatys objective as a function of the generated image x (1×3×H×W, RGB in [0,1]):
/// content + style losses on VGG19 features of the preprocessed image, plus total variation on x.
/// Targets (content features, blended style Grams) are computed once at construction. Each loss's gradient is
/// written into the network's gradient buffer when the backward pass reaches its layer.
/// </summary>
public sealed class StyleObjective : IStyleObjective, IFeatureGradients
{
    private readonly Vgg19Network _network;
    private readonly Preprocessor _preprocessor;
    private readonly ContentLoss[] _content;
    private readonly StyleLoss[] _style;
    private readonly float _tvWeight;
    private readonly float _tvPower;
    private readonly bool _normalize;
    private readonly Tensor _xhat;
    private readonly Tensor _gradXhat;
    private readonly IFeatureLoss[] _parts; // content then style, the order their gradients are added in
    private readonly Dictionary<int, Tensor> _normalizeScratch = [];

    private StyleObjective(Vgg19Network network, Preprocessor preprocessor, ContentLoss[] content, StyleLoss[] style, ObjectiveSpec spec, int height, int width)
    {
        _tvWeight = spec.TvWeight;
        _tvPower = spec.TvPower;
        _normalize = spec.NormalizeGradients;
        _network = network;
        _preprocessor = preprocessor;
        _content = content;
        _style = style;
        _parts = [.. content, .. style];
        Height = height;
        Width = width;
        _xhat = new Tensor(1, 3, height, width);
        _gradXhat = new Tensor(1, 3, height, width);
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Number of floats in x: 3·H·W.</summary>
    public int Length => 3 * Height * Width;

    /// <summary>The parts of the loss at the last evaluation.</summary>
    public LossBreakdown Last { get; private set; }

    /// <summary>
    /// Builds the objective for a content image and one or more style images whose Gram targets are blended
    /// with the given weights (normalised to sum to 1).
    /// </summary>
    public static StyleObjective Create(IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, IReadOnlyList<(Tensor Image, float Blend)> styles)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (styles.Count == 0) throw new NstException("At least one style image is needed.");
        if (spec.StyleLayerWeights.Count != spec.StyleLayers.Count)
        {
            throw new NstException($"{spec.StyleLayerWeights.Count} style layer weights for {spec.StyleLayers.Count} style layers; give one per layer.");
        }

        float blendSum = styles.Sum(s => s.Blend);
        if (!(blendSum > 0) || styles.Any(s => s.Blend < 0))
        {
            throw new NstException("Style blend weights must be non-negative and not all zero.");
        }

        var network = new Vgg19Network(convs, spec.ContentLayers.Concat(spec.StyleLayers), spec.Pooling);
        var pre = new Preprocessor(spec.Preprocess);
        try
        {
            var contentLosses = new List<ContentLoss>();
            using (var xhat = Tensor.Like(content))
            {
                pre.Forward(content.Span, xhat);
                var acts = network.Forward(xhat);
                foreach (int layer in spec.ContentLayers.Distinct())
                {
                    contentLosses.Add(new ContentLoss(layer, acts[layer], spec.ContentWeight));
                }
            }

            var targets = new Dictionary<int, float[]>();
            foreach (var (image, blend) in styles)
            {
                using var xhat = Tensor.Like(image);
                pre.Forward(image.Span, xhat);
                var acts = network.Forward(xhat);
                foreach (int layer in spec.StyleLayers.Distinct())
                {
                    var g = StyleLoss.GramOf(acts[layer]);
                    TensorPrimitives.Multiply(g, blend / blendSum, g);
                    if (targets.TryGetValue(layer, out var sum)) TensorPrimitives.Add(sum, g, sum);
                    else targets[layer] = g;
                }
            }

            var styleLosses = spec.StyleLayers
                .Select((layer, k) => (layer, k))
                .GroupBy(p => p.layer)
                .Select(grp => new StyleLoss(grp.Key, targets[grp.Key], (int)Math.Sqrt(targets[grp.Key].Length), spec.StyleWeight * grp.Sum(p => spec.StyleLayerWeights[p.k])))
                .ToArray();
            return new StyleObjective(network, pre, contentLosses.ToArray(), styleLosses, spec, content.H, content.W);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Returns the total loss at x and writes dLoss/dx into <paramref name="grad"/>.</summary>
    public float Evaluate(ReadOnlySpan<float> x, Span<float> grad)
    {
        if (x.Length != Length || grad.Length != Length)
        {
            throw new ArgumentException($"x and grad must have {Length} values.", nameof(x));
        }

        _preprocessor.Forward(x, _xhat);
        var acts = _network.Forward(_xhat);
        double content = 0;
        foreach (var loss in _content) content += loss.Evaluate(acts[loss.Layer]);
        double style = 0;
        foreach (var loss in _style) style += loss.Evaluate(acts[loss.Layer]);

        _network.Backward(_xhat, this, _gradXhat);
        grad.Clear();
        _preprocessor.BackwardAccumulate(_gradXhat, grad);
        double tv = _tvPower == 1f
            ? TotalVariationLoss.EvaluateAccumulate(x, grad, 3, Height, Width, _tvWeight)
            : TotalVariationLoss.EvaluatePowerAccumulate(x, grad, 3, Height, Width, _tvWeight, _tvPower);
        Last = new LossBreakdown(content, style, tv);
        return (float)Last.Total;
    }

    bool IFeatureGradients.Has(int op)
    {
        foreach (var part in _parts)
        {
            if (part.Layer == op) return true;
        }

        return false;
    }

    void IFeatureGradients.Apply(int op, Tensor features, Tensor grad, bool accumulate)
    {
        foreach (var part in _parts)
        {
            if (part.Layer != op) continue;
            if (_normalize) AddNormalized(part, features, grad, accumulate);
            else part.Gradient(features, grad, accumulate);
            accumulate = true;
        }
    }

    /// <summary>Adds one loss's gradient scaled to ‖·‖₂ = weight² (neural-style-pt's --normalize_gradients).</summary>
    private void AddNormalized(IFeatureLoss part, Tensor features, Tensor grad, bool accumulate)
    {
        if (!_normalizeScratch.TryGetValue(part.Layer, out var scratch) || !scratch.SameShape(features))
        {
            scratch?.Dispose();
            scratch = Tensor.Like(features);
            _normalizeScratch[part.Layer] = scratch;
        }

        part.Gradient(features, scratch, accumulate: false);
        double norm = Math.Sqrt(TensorPrimitives.SumOfSquares(scratch.Span));
        TensorPrimitives.Multiply(scratch.Span, (float)(part.Weight * part.Weight / (norm + 1e-8)), scratch.Span);
        if (accumulate) TensorPrimitives.Add(grad.Span, scratch.Span, grad.Span);
        else scratch.Span.CopyTo(grad.Span);
    }

    public void Dispose()
    {
        _network.Dispose();
        foreach (var c in _content) c.Dispose();
        foreach (var t in _normalizeScratch.Values) t.Dispose();
        _xhat.Dispose();
        _gradXhat.Dispose();
    }
}
