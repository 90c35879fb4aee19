using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Profiling;
using Nst.Engine.Tensors;

namespace Nst.Engine.Nn;

/// <summary>
/// VGG19's feature stack truncated after the deepest op any loss reads. Forward keeps only what a loss reads (in
/// buffers reused across calls of the same size) and, for the backward pass, each other ReLU's positive mask as
/// bits and each max pool's argmax as a byte per window; every other map lives in one of two scratch buffers that
/// the backward pass then reuses for its gradients. ReLUs run in place, or fused into the convolution's store when
/// the pre-ReLU map is not captured. The losses write their gradients into the backward buffers as the pass
/// reaches each captured op (<see cref="IFeatureGradients"/>).
/// </summary>
public sealed class Vgg19Network : IDisposable
{
    private readonly ConvWeights[] _convs;
    private readonly VggOp[] _ops;
    private readonly PoolingMode _pooling;
    private readonly bool[] _captured;
    private readonly bool[] _fusedRelu;
    private readonly bool[] _keep;           // the op's output outlives the forward pass (a loss reads it)
    private readonly Tensor?[] _kept;        // own buffers of kept outputs (a conv's is shared with its ReLU)
    private readonly Tensor?[] _preRelu;     // copies of captured pre-ReLU maps
    private readonly Tensor?[] _views;       // each op's output in the last Forward (scratch ones: shape only after it)
    private readonly uint[]?[] _masks;       // ReLUs whose output is not kept: output > 0 as bits
    private readonly byte[]?[] _poolIndices; // max pools whose input is not kept: argmax per window
    private readonly int _convCount;
    private readonly Dictionary<int, Tensor> _result = [];
    private readonly PingPongTensors _buffers = new();

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
        int count = _ops.Length;
        _captured = new bool[count];
        foreach (int i in captured) _captured[i] = true;
        _fusedRelu = new bool[count];
        _keep = new bool[count];
        for (int i = 0; i < count; i++)
        {
            bool reluFollows = i + 1 < count && _ops[i].Kind == VggOpKind.Conv && _ops[i + 1].Kind == VggOpKind.Relu;
            _fusedRelu[i] = reluFollows && !_captured[i];
            _keep[i] = _ops[i].Kind == VggOpKind.Conv ? reluFollows && _captured[i + 1] : _captured[i];
        }

        _kept = new Tensor?[count];
        _preRelu = new Tensor?[count];
        _views = new Tensor?[count];
        _masks = new uint[]?[count];
        _poolIndices = new byte[]?[count];
        _convCount = _ops.Count(o => o.Kind == VggOpKind.Conv);
    }

    /// <summary>Index of the deepest op computed.</summary>
    public int LastOp { get; }

    /// <summary>
    /// Runs the network on x̂ (1×3×H×W) and returns the outputs of the captured ops. The returned tensors belong
    /// to the network and stay valid until the next Forward; so does the returned dictionary.
    /// </summary>
    public IReadOnlyDictionary<int, Tensor> Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.C != 3)
        {
            throw new NstException($"The network takes 3-channel images, got {input.C} channels.");
        }

        _buffers.Reserve(LargestMap(input));
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
                    var y = Output(i, current, current.N, w.OutChannels, current.H, current.W);
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
                {
                    if (!_fusedRelu[i - 1] || !_keep[i - 1]) Relu(i, current);
                    if (_captured[i]) result[i] = current;
                    break;
                }

                default:
                {
                    if (current.H < 2 || current.W < 2)
                    {
                        throw new NstException($"The image is too small for {op.Name}: {current.W}x{current.H} before pooling; use a larger size.");
                    }

                    var y = Output(i, current, current.N, current.C, current.H / 2, current.W / 2);
                    long start = LayerProfiler.Begin();
                    if (_pooling == PoolingMode.Max)
                    {
                        if (_keep[i - 1])
                        {
                            Pooling.MaxForward(current, y);
                        }
                        else
                        {
                            Pooling.MaxForward(current, y, Sized(ref _poolIndices[i], y.Length));
                        }
                    }
                    else
                    {
                        Pooling.AvgForward(current, y);
                    }

                    if (start != 0) LayerProfiler.End(start, op.Name, LayerPhase.Forward, 0);
                    current = y;
                    if (_captured[i]) result[i] = current;
                    break;
                }
            }

            _views[i] = current;
        }

        return result;
    }

    /// <summary>
    /// Back-propagates from the captured ops (after the last Forward) down to dL/dx̂, written into
    /// <paramref name="gradInput"/>. Each captured op's dL/dF comes from <paramref name="gradients"/> when the pass reaches it.
    /// </summary>
    public void Backward(Tensor input, IFeatureGradients gradients, Tensor gradInput)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(gradInput);
        if (_views[^1] == null) throw new InvalidOperationException("Run Forward before Backward.");
        Tensor? g = null;
        Tensor? maskBelow = null; // a kept ReLU output whose backward is left to the conv below it
        int conv = _convCount;
        _buffers.Reserve(LargestMap(input));
        for (int i = _ops.Length - 1; i >= 0; i--)
        {
            var op = _ops[i];
            if (op.Kind == VggOpKind.Conv) conv--;
            if (_captured[i] && gradients.Has(i))
            {
                var features = _result[i];
                bool accumulate = g != null;
                g ??= _buffers.Get(0, i, features.N, features.C, features.H, features.W);
                gradients.Apply(i, features, g, accumulate);
            }

            if (g == null) continue;
            switch (op.Kind)
            {
                case VggOpKind.Relu:
                {
                    if (_keep[i - 1] && !(_captured[i - 1] && gradients.Has(i - 1)))
                    {
                        // The conv below takes the kept ReLU output as its mask while it reads g (one pass instead of two).
                        maskBelow = _views[i];
                        break;
                    }

                    long start = LayerProfiler.Begin();
                    if (_keep[i - 1]) Activations.ReluBackward(_views[i]!.Span, g.Span, g.Span);
                    else ReluMask.Apply(_masks[i], g.Span);
                    if (start != 0) LayerProfiler.End(start, op.Name, LayerPhase.Backward, 0);
                    break;
                }

                case VggOpKind.Conv:
                {
                    var w = _convs[conv];
                    var below = i == 0 ? input : _views[i - 1]!;
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
                    var below = _views[i - 1]!;
                    var dx = Other(g, i, below.N, below.C, below.H, below.W);
                    long start = LayerProfiler.Begin();
                    if (_pooling == PoolingMode.Avg) Pooling.AvgBackward(g, dx);
                    else if (_keep[i - 1]) Pooling.MaxBackward(below, g, dx);
                    else Pooling.MaxBackward(_poolIndices[i], g, dx);
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

    /// <summary>A ReLU not fused into its conv's store, and the packed mask of one whose output is not kept.</summary>
    private void Relu(int i, Tensor current)
    {
        long start = LayerProfiler.Begin();
        if (!_fusedRelu[i - 1]) Activations.Relu(current.Span, current.Span);
        if (!_keep[i - 1])
        {
            ReluMask.Pack(current.Span, Sized(ref _masks[i], ReluMask.Words(current.Length)));
        }

        if (start != 0) LayerProfiler.End(start, _ops[i].Name, LayerPhase.Forward, 0);
    }

    /// <summary>Where op <paramref name="i"/> writes: its own buffer if a loss reads it, else the scratch side that <paramref name="from"/> is not on.</summary>
    private Tensor Output(int i, Tensor from, int n, int c, int h, int w)
    {
        if (_keep[i]) return Buffer(_kept, i, n, c, h, w);
        return _buffers.Get(_buffers.SideOf(from) == 0 ? 1 : 0, -1 - i, n, c, h, w);
    }

    /// <summary>The largest map a pass over <paramref name="input"/> holds: sizes the scratch and gradient buffers.</summary>
    private long LargestMap(Tensor input)
    {
        long largest = input.Length, channels = input.C, h = input.H, w = input.W;
        int conv = 0;
        foreach (var op in _ops)
        {
            if (op.Kind == VggOpKind.Conv) channels = _convs[conv++].OutChannels;
            else if (op.Kind == VggOpKind.Pool) { h /= 2; w /= 2; }
            largest = Math.Max(largest, input.N * channels * h * w);
        }

        return largest;
    }

    /// <summary>The gradient buffer that <paramref name="current"/> is not in, so a step never reads and writes the same one.</summary>
    private Tensor Other(Tensor current, int op, int n, int c, int h, int w)
        => _buffers.Get(_buffers.SideOf(current) == 0 ? 1 : 0, op, n, c, h, w);

    /// <summary>Multiply-adds ×2 of a 3×3 convolution producing <paramref name="output"/>'s pixels.</summary>
    private static double ConvFlops(ConvWeights w, Tensor output) => 2.0 * 9 * w.InChannels * w.OutChannels * output.N * output.Plane;

    /// <summary>The array in <paramref name="slot"/>, replaced first if it does not have <paramref name="length"/> elements.</summary>
    private static T[] Sized<T>(ref T[]? slot, int length) => slot is { } a && a.Length == length ? a : slot = new T[length];

    private static Tensor Buffer(Tensor?[] slots, int i, int n, int c, int h, int w)
    {
        var t = slots[i];
        if (t != null && t.N == n && t.C == c && t.H == h && t.W == w) return t;
        t?.Dispose();
        return slots[i] = new Tensor(n, c, h, w);
    }

    public void Dispose()
    {
        for (int i = 0; i < _ops.Length; i++)
        {
            _kept[i]?.Dispose();
            _kept[i] = null;
            _preRelu[i]?.Dispose();
            _preRelu[i] = null;
            _views[i] = null;
        }

        _buffers.Dispose();
    }
}
