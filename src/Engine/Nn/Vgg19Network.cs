using Nst.Engine.Diagnostics;
using Nst.Engine.Kernels;
using Nst.Engine.Tensors;

namespace Nst.Engine.Nn;

/// <summary>
/// VGG19's feature stack truncated after the deepest op any loss reads. Forward keeps what backward needs
/// (each ReLU's output, which is also the next pool's input) in buffers reused across calls of the same size;
/// ReLUs run in place, or fused into the convolution's store when the pre-ReLU map is not captured.
/// Backward alternates between two gradient buffers sized once for the largest map; the losses write their
/// gradients into them as the pass reaches each captured op (<see cref="IFeatureGradients"/>).
/// </summary>
public sealed class Vgg19Network : IDisposable
{
    private readonly ConvWeights[] _convs;
    private readonly VggOp[] _ops;
    private readonly PoolingMode _pooling;
    private readonly bool[] _captured;
    private readonly Tensor?[] _outputs;
    private readonly Tensor?[] _preRelu;
    private readonly bool[] _fusedRelu;
    private readonly int _convCount;
    private readonly Dictionary<int, Tensor> _result = [];
    private readonly PingPongTensors _grads = new();

    public Vgg19Network(IReadOnlyList<ConvWeights> convs, IEnumerable<int> capturedOps, PoolingMode pooling = PoolingMode.Max)
    {
        ArgumentNullException.ThrowIfNull(convs);
        ArgumentNullException.ThrowIfNull(capturedOps);
        if (convs.Count != 16)
        {
            throw new NstException($"VGG19 needs 16 convolution layers, got {convs.Count}.");
        }

        var captured = capturedOps.Distinct().ToArray();
        if (captured.Length == 0)
        {
            throw new NstException("No layer is used by any loss.");
        }

        LastOp = captured.Max();
        _ops = Vgg19Layout.Ops.Take(LastOp + 1).ToArray();
        _convs = convs.ToArray();
        _pooling = pooling;
        _captured = new bool[_ops.Length];
        foreach (int i in captured) _captured[i] = true;
        _outputs = new Tensor?[_ops.Length];
        _preRelu = new Tensor?[_ops.Length];
        _fusedRelu = new bool[_ops.Length];
        for (int i = 0; i + 1 < _ops.Length; i++)
        {
            _fusedRelu[i] = _ops[i].Kind == VggOpKind.Conv && _ops[i + 1].Kind == VggOpKind.Relu && !_captured[i];
        }

        _convCount = _ops.Count(o => o.Kind == VggOpKind.Conv);
    }

    /// <summary>Index of the deepest op computed.</summary>
    public int LastOp { get; }

    /// <summary>
    /// Runs the network on x̂ (1×3×H×W). The returned tensors belong to the network and stay valid
    /// until the next Forward; so does the returned dictionary.
    /// </summary>
    public IReadOnlyDictionary<int, Tensor> Forward(Tensor input)
    {
        if (input.C != 3)
        {
            throw new NstException($"The network takes 3-channel images, got {input.C} channels.");
        }

        var result = _result;
        result.Clear();
        Tensor current = input;
        int conv = 0;
        for (int i = 0; i < _ops.Length; i++)
        {
            var op = _ops[i];
            switch (op.Kind)
            {
                case VggOpKind.Conv:
                {
                    var w = _convs[conv++];
                    var y = Buffer(_outputs, i, current.N, w.OutChannels, current.H, current.W);
                    long start = LayerProfiler.Begin();
                    if (_fusedRelu[i]) Conv3x3.ForwardRelu(current, w, y);
                    else Conv3x3.Forward(current, w, y);
                    if (start != 0) LayerProfiler.End(start, op.Name, LayerPhase.Forward, ConvFlops(w, y));
                    current = y;
                    if (_captured[i])
                    {
                        // The ReLU that follows works in place, so a captured pre-ReLU map needs its own copy.
                        var keep = Buffer(_preRelu, i, y.N, y.C, y.H, y.W);
                        y.Span.CopyTo(keep.Span);
                        result[i] = keep;
                    }

                    break;
                }

                case VggOpKind.Relu:
                    if (!_fusedRelu[i - 1])
                    {
                        long start = LayerProfiler.Begin();
                        Activations.Relu(current.Span, current.Span);
                        if (start != 0) LayerProfiler.End(start, op.Name, LayerPhase.Forward, 0);
                    }

                    _outputs[i] = current;
                    if (_captured[i]) result[i] = current;
                    break;

                default:
                {
                    if (current.H < 2 || current.W < 2)
                    {
                        throw new NstException($"The image is too small for {op.Name}: {current.W}x{current.H} before pooling; use a larger size.");
                    }

                    var y = Buffer(_outputs, i, current.N, current.C, current.H / 2, current.W / 2);
                    long start = LayerProfiler.Begin();
                    if (_pooling == PoolingMode.Max) Pooling.MaxForward(current, y);
                    else Pooling.AvgForward(current, y);
                    if (start != 0) LayerProfiler.End(start, op.Name, LayerPhase.Forward, 0);
                    current = y;
                    if (_captured[i]) result[i] = current;
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Back-propagates from the captured ops (after the last Forward) down to dL/dx̂, written into
    /// <paramref name="gradInput"/>. Each captured op's dL/dF comes from <paramref name="gradients"/> when the pass reaches it.
    /// </summary>
    public void Backward(Tensor input, IFeatureGradients gradients, Tensor gradInput)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        Tensor? g = null;
        Tensor? maskBelow = null; // a ReLU's output whose backward is left to the conv below it
        int conv = _convCount;
        long largest = 0;
        for (int i = 0; i < _ops.Length; i++) largest = Math.Max(largest, _outputs[i]?.Length ?? 0);
        _grads.Reserve(Math.Max(largest, input.Length));
        for (int i = _ops.Length - 1; i >= 0; i--)
        {
            var op = _ops[i];
            if (op.Kind == VggOpKind.Conv) conv--;
            if (_captured[i] && gradients.Has(i))
            {
                var features = _result[i];
                bool accumulate = g != null;
                g ??= _grads.Get(0, i, features.N, features.C, features.H, features.W);
                gradients.Apply(i, features, g, accumulate);
            }

            if (g == null) continue;
            switch (op.Kind)
            {
                case VggOpKind.Relu:
                {
                    if (!(_captured[i - 1] && gradients.Has(i - 1)))
                    {
                        // The conv below takes the ReLU's mask while it reads g (one pass instead of two).
                        maskBelow = _outputs[i];
                        break;
                    }

                    long start = LayerProfiler.Begin();
                    Activations.ReluBackward(_outputs[i]!.Span, g.Span, g.Span);
                    if (start != 0) LayerProfiler.End(start, op.Name, LayerPhase.Backward, 0);
                    break;
                }

                case VggOpKind.Conv:
                {
                    var w = _convs[conv];
                    var below = i == 0 ? input : _outputs[i - 1]!;
                    var dx = i == 0 ? gradInput : Other(g, i, below.N, w.InChannels, below.H, below.W);
                    long start = LayerProfiler.Begin();
                    if (maskBelow != null) Conv3x3.BackwardDataThroughRelu(g, maskBelow, w, dx);
                    else Conv3x3.BackwardData(g, w, dx);
                    if (start != 0) LayerProfiler.End(start, op.Name, LayerPhase.Backward, ConvFlops(w, g));
                    maskBelow = null;
                    g = dx;
                    break;
                }

                default:
                {
                    var below = _outputs[i - 1]!;
                    var dx = Other(g, i, below.N, below.C, below.H, below.W);
                    long start = LayerProfiler.Begin();
                    if (_pooling == PoolingMode.Max) Pooling.MaxBackward(below, g, dx);
                    else Pooling.AvgBackward(g, dx);
                    if (start != 0) LayerProfiler.End(start, op.Name, LayerPhase.Backward, 0);
                    g = dx;
                    break;
                }
            }
        }

        if (g == null)
        {
            gradInput.Span.Clear();
        }
    }

    /// <summary>The gradient buffer that <paramref name="current"/> is not in, so a step never reads and writes the same one.</summary>
    private Tensor Other(Tensor current, int op, int n, int c, int h, int w)
        => _grads.Get(_grads.SideOf(current) == 0 ? 1 : 0, op, n, c, h, w);

    /// <summary>Multiply-adds ×2 of a 3×3 convolution producing <paramref name="output"/>'s pixels.</summary>
    private static double ConvFlops(ConvWeights w, Tensor output) => 2.0 * 9 * w.InChannels * w.OutChannels * output.N * output.Plane;

    private static Tensor Buffer(Tensor?[] slots, int i, int n, int c, int h, int w)
    {
        var t = slots[i];
        if (t != null && t.N == n && t.C == c && t.H == h && t.W == w) return t;
        t?.Dispose();
        return slots[i] = new Tensor(n, c, h, w);
    }

    public void Dispose()
    {
        for (int i = 0; i < _outputs.Length; i++)
        {
            if (_ops[i].Kind != VggOpKind.Relu) _outputs[i]?.Dispose();
            _outputs[i] = null;
            _preRelu[i]?.Dispose();
            _preRelu[i] = null;
        }

        _grads.Dispose();
    }
}
