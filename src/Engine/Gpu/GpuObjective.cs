using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using ILGPU;
using ILGPU.Runtime;
using Nst.Engine.Kernels.Profiling;
using Nst.Engine.Gpu.Kernels;
using Nst.Engine.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Nn;
using Nst.Engine.Tensors;

namespace Nst.Engine.Gpu;

/// <summary>
/// <see cref="StyleObjective"/> on a GPU: the targets are computed once on the device; an evaluation uploads x,
/// runs the forward pass, the loss sums (fixed-order reductions), the backward pass and dL/dx on the device, and
/// downloads the gradient and the sums — the only host traffic per evaluation (2·3·H·W floats and a few doubles).
/// </summary>
internal sealed class GpuObjective : IStyleObjective, IDeviceFeatureGradients
{
    private readonly GpuKernels _kernels;
    private readonly GpuNetwork _network;
    private readonly DeviceConvWeights[] _weights;
    private readonly PreprocessConstants _preprocess;
    private readonly IDeviceLoss[] _content;
    private readonly IDeviceLoss[] _style;
    private readonly IDeviceLoss[] _parts; // content then style, the order their gradients are added in
    private readonly float _tvWeight;
    private readonly float _tvPower;
    private readonly bool _normalize;
    private readonly GpuScratch _scratch;
    private readonly DeviceBuffer<float> _x;
    private readonly DeviceBuffer<float> _xhat;
    private readonly DeviceBuffer<float> _gradXhat;
    private readonly DeviceBuffer<float> _grad;
    private readonly DeviceBuffer<double> _sums;
    private readonly double[] _hostSums;

    private GpuObjective(GpuKernels kernels, DeviceMemory memory, GpuNetwork network, DeviceConvWeights[] weights, PreprocessConstants preprocess, IDeviceLoss[] content, IDeviceLoss[] style, GpuScratch scratch, ObjectiveSpec spec, int height, int width)
    {
        _kernels = kernels;
        _network = network;
        _weights = weights;
        _preprocess = preprocess;
        _content = content;
        _style = style;
        _parts = [.. content, .. style];
        _scratch = scratch;
        _tvWeight = spec.TvWeight;
        _tvPower = spec.TvPower;
        _normalize = spec.NormalizeGradients;
        Height = height;
        Width = width;
        _x = memory.Allocate<float>(Length);
        _xhat = memory.Allocate<float>(Length);
        _gradXhat = memory.Allocate<float>(Length);
        _grad = memory.Allocate<float>(Length);
        _sums = memory.Allocate<double>(_parts.Length + 2);
        _hostSums = new double[_parts.Length + 2];
    }

    public int Height { get; }

    public int Width { get; }

    public int Length => 3 * Height * Width;

    public LossBreakdown Last { get; private set; }

    private int TvSlot => _parts.Length;

    private int NormSlot => _parts.Length + 1;

    /// <summary>As <see cref="StyleObjective.Create"/>, with the passes on <paramref name="kernels"/>' device.</summary>
    public static GpuObjective Create(GpuKernels kernels, DeviceMemory memory, IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, IReadOnlyList<(Tensor Image, float Blend)> styles)
    {
        lock (kernels.Gate)
        {
            kernels.Bind();
            return CreateBound(kernels, memory, convs, spec, content, styles);
        }
    }

    private static GpuObjective CreateBound(GpuKernels kernels, DeviceMemory memory, IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, IReadOnlyList<(Tensor Image, float Blend)> styles)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(content);
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

        if (convs.Count != 16) throw new NstException($"VGG19 needs 16 convolution layers, got {convs.Count}.");
        if (content.N != 1 || content.C != 3) throw new NstException($"The content must be one 3-channel image, got {content}.");
        var captured = spec.ContentLayers.Concat(spec.StyleLayers).ToArray();
        int convCount = Vgg19Layout.Ops.Take(captured.Max() + 1).Count(o => o.Kind == VggOpKind.Conv);
        var disposables = new List<IDisposable>();
        try
        {
            var weights = convs.Take(convCount).Select(w => new DeviceConvWeights(memory, w)).ToArray();
            disposables.AddRange(weights);
            var network = new GpuNetwork(kernels, memory, weights, captured, spec.Pooling);
            disposables.Add(network);
            var scratch = new GpuScratch(memory);
            disposables.Add(scratch);
            var preprocess = PreprocessConstants.Of(new Preprocessor(spec.Preprocess));
            using var input = new DeviceSlot<float>(memory);
            using var inputHat = new DeviceSlot<float>(memory);

            Forward(kernels, network, input, inputHat, preprocess, content);
            var contentLosses = new List<IDeviceLoss>();
            foreach (int layer in spec.ContentLayers.Distinct())
            {
                var loss = new GpuContentLoss(kernels, memory, layer, network.Output(layer), spec.ContentWeight);
                contentLosses.Add(loss);
                disposables.Add(loss);
            }

            var targets = new Dictionary<int, float[]>();
            foreach (var (image, blend) in styles)
            {
                Forward(kernels, network, input, inputHat, preprocess, image);
                foreach (int layer in spec.StyleLayers.Distinct())
                {
                    var g = GramOf(kernels, scratch, network.Output(layer));
                    TensorPrimitives.Multiply(g, blend / blendSum, g);
                    if (targets.TryGetValue(layer, out var sum)) TensorPrimitives.Add(sum, g, sum);
                    else targets[layer] = g;
                }
            }

            var styleLosses = spec.StyleLayers
                .Select((layer, k) => (layer, k))
                .GroupBy(p => p.layer)
                .Select(grp => (IDeviceLoss)new GpuStyleLoss(kernels, memory, scratch, grp.Key, targets[grp.Key], (int)Math.Sqrt(targets[grp.Key].Length), spec.StyleWeight * grp.Sum(p => spec.StyleLayerWeights[p.k])))
                .ToArray();
            disposables.AddRange(styleLosses);
            kernels.Synchronize();
            return new GpuObjective(kernels, memory, network, weights, preprocess, contentLosses.ToArray(), styleLosses, scratch, spec, content.H, content.W);
        }
        catch
        {
            foreach (var d in disposables) d.Dispose();
            throw;
        }
    }

    public float Evaluate(ReadOnlySpan<float> x, Span<float> grad)
    {
        if (x.Length != Length || grad.Length != Length)
        {
            throw new ArgumentException($"x and grad must have {Length} values.", nameof(x));
        }

        lock (_kernels.Gate)
        {
            _kernels.Bind();
            return EvaluateBound(x, grad);
        }
    }

    private float EvaluateBound(ReadOnlySpan<float> x, Span<float> grad)
    {
        long start = GpuProfiling.Begin(_kernels);
        _x.Upload(x);
        GpuProfiling.End(_kernels, start, "x to device", LayerPhase.Forward, 0);

        int plane = Height * Width;
        var xhat = new DeviceMap(_xhat.View, 3, Height, Width);
        _kernels.Preprocess(_x.View, _xhat.View, plane, _preprocess);
        _network.Forward(xhat);
        start = GpuProfiling.Begin(_kernels);
        for (int i = 0; i < _parts.Length; i++) _parts[i].Sum(_network.Output(_parts[i].Layer), _sums.View, i);
        if (_tvWeight != 0) _kernels.SumTotalVariation(_x.View, Height, Width, _tvPower, _sums.View, TvSlot);
        GpuProfiling.End(_kernels, start, "losses", LayerPhase.Forward, 0);

        _network.Backward(xhat, this, _gradXhat.View);
        _kernels.ImageGradient(_gradXhat.View, _x.View, _grad.View, Height, Width, _preprocess, _tvWeight, _tvPower);

        start = GpuProfiling.Begin(_kernels);
        _kernels.Synchronize();
        _grad.Download(grad);
        _sums.Download(_hostSums);
        GpuProfiling.End(_kernels, start, "gradient to host", LayerPhase.Backward, 0);

        double content = 0, style = 0;
        for (int i = 0; i < _content.Length; i++) content += _content[i].Value(_hostSums[i]);
        for (int i = 0; i < _style.Length; i++) style += _style[i].Value(_hostSums[_content.Length + i]);
        double tv = _tvWeight == 0 ? 0 : _tvWeight * _hostSums[TvSlot];
        Last = new LossBreakdown(content, style, tv);
        return (float)Last.Total;
    }

    bool IDeviceFeatureGradients.Has(int op)
    {
        foreach (var part in _parts)
        {
            if (part.Layer == op) return true;
        }

        return false;
    }

    void IDeviceFeatureGradients.Apply(int op, DeviceMap features, ArrayView<float> grad, bool accumulate)
    {
        long start = GpuProfiling.Begin(_kernels);
        foreach (var part in _parts)
        {
            if (part.Layer != op) continue;
            if (_normalize)
            {
                // neural-style-pt's --normalize_gradients: the part's gradient scaled to ‖·‖₂ = weight².
                var scratch = _scratch.Gradient(features.Length);
                part.Gradient(features, scratch, accumulate: false);
                _kernels.SumSquares(scratch, features.Length, _sums.View, NormSlot);
                _kernels.AddNormalized(scratch, grad, features.Length, _sums.View, NormSlot, part.Weight * part.Weight, accumulate);
            }
            else
            {
                part.Gradient(features, grad, accumulate);
            }

            accumulate = true;
        }

        GpuProfiling.End(_kernels, start, "loss gradients", LayerPhase.Backward, 0);
    }

    private static void Forward(GpuKernels kernels, GpuNetwork network, DeviceSlot<float> input, DeviceSlot<float> inputHat, PreprocessConstants preprocess, Tensor image)
    {
        if (image.N != 1 || image.C != 3) throw new NstException($"Images must be one 3-channel image each, got {image}.");
        var x = input.Get(image.Length);
        var xhat = inputHat.Get(image.Length);
        input.Buffer!.Upload(image.Span);
        kernels.Preprocess(x, xhat, image.Plane, preprocess);
        network.Forward(new DeviceMap(xhat, 3, image.H, image.W));
    }

    /// <summary>The normalised Gram matrix of a feature map, brought to the host (targets are blended there, as on the CPU).</summary>
    private static float[] GramOf(GpuKernels kernels, GpuScratch scratch, DeviceMap features)
    {
        int c = features.C, slices = GpuKernels.Slices(features.Plane);
        var partial = scratch.GramPartial(slices * c * c);
        var result = new float[c * c];
        kernels.GramPartial(features, partial);
        var g = scratch.Gradient(c * c);
        kernels.GramFinish(partial, g, c, slices, GpuStyleLoss.Scale(features));
        kernels.Synchronize();
        g.CopyToCPU(ref result[0], result.Length);
        return result;
    }

    public void Dispose()
    {
        lock (_kernels.Gate)
        {
            _kernels.Bind();
            DisposeBound();
        }
    }

    private void DisposeBound()
    {
        _network.Dispose();
        foreach (var w in _weights) w.Dispose();
        foreach (var part in _parts) part.Dispose();
        _scratch.Dispose();
        _x.Dispose();
        _xhat.Dispose();
        _gradXhat.Dispose();
        _grad.Dispose();
        _sums.Dispose();
    }
}
