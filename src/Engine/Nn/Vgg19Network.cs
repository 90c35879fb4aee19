using Nst.Engine.Kernels;
using Nst.Engine.Tensors;

namespace Nst.Engine.Nn;

/// <summary>
/// VGG19's feature stack truncated after the deepest op any loss reads. Forward keeps what backward needs
/// (each ReLU's output, which is also the next pool's input) in buffers reused across calls of the same size;
/// ReLUs run in place. Backward takes gradients at the captured ops and returns the gradient at the input.
/// </summary>
public sealed class Vgg19Network : IDisposable
{
    private readonly ConvWeights[] _convs;
    private readonly VggOp[] _ops;
    private readonly PoolingMode _pooling;
    private readonly bool[] _captured;
    private readonly Tensor?[] _outputs;
    private readonly Tensor?[] _preRelu;
    private Tensor? _gradA;
    private Tensor? _gradB;

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
    }

    /// <summary>Index of the deepest op computed.</summary>
    public int LastOp { get; }

    /// <summary>
    /// Runs the network on x̂ (1×3×H×W). The returned tensors belong to the network and stay valid
    /// until the next Forward.
    /// </summary>
    public IReadOnlyDictionary<int, Tensor> Forward(Tensor input)
    {
        if (input.C != 3)
        {
            throw new NstException($"The network takes 3-channel images, got {input.C} channels.");
        }

        var result = new Dictionary<int, Tensor>();
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
                    Conv3x3.Forward(current, w, y);
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
                    Activations.Relu(current.Span, current.Span);
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
                    if (_pooling == PoolingMode.Max) Pooling.MaxForward(current, y);
                    else Pooling.AvgForward(current, y);
                    current = y;
                    if (_captured[i]) result[i] = current;
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Back-propagates dL/d(output of op) given for captured ops (after the last Forward) down to dL/dx̂,
    /// written into <paramref name="gradInput"/>. The gradient tensors passed in are not modified.
    /// </summary>
    public void Backward(Tensor input, IReadOnlyDictionary<int, Tensor> gradients, Tensor gradInput)
    {
        Tensor? g = null;
        int conv = _ops.Count(o => o.Kind == VggOpKind.Conv);
        for (int i = _ops.Length - 1; i >= 0; i--)
        {
            var op = _ops[i];
            if (op.Kind == VggOpKind.Conv) conv--;
            if (gradients.TryGetValue(i, out var gi))
            {
                if (g == null)
                {
                    g = Scratch(gi);
                    gi.Span.CopyTo(g.Span);
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(g.Span, gi.Span, g.Span);
                }
            }

            if (g == null) continue;
            switch (op.Kind)
            {
                case VggOpKind.Relu:
                    Activations.ReluBackward(_outputs[i]!.Span, g.Span, g.Span);
                    break;
                case VggOpKind.Conv:
                {
                    var w = _convs[conv];
                    var below = i == 0 ? input : _outputs[i - 1]!;
                    var dx = i == 0 ? gradInput : ScratchOther(g, below.N, w.InChannels, below.H, below.W);
                    Conv3x3.BackwardData(g, w, dx);
                    g = dx;
                    break;
                }

                default:
                {
                    var below = _outputs[i - 1]!;
                    var dx = ScratchOther(g, below.N, below.C, below.H, below.W);
                    if (_pooling == PoolingMode.Max) Pooling.MaxBackward(below, g, dx);
                    else Pooling.AvgBackward(g, dx);
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

    private Tensor Scratch(Tensor like)
    {
        _gradA = Reshape(_gradA, like.N, like.C, like.H, like.W);
        return _gradA;
    }

    /// <summary>Ping-pong between two gradient buffers so a step never reads and writes the same one.</summary>
    private Tensor ScratchOther(Tensor current, int n, int c, int h, int w)
    {
        if (ReferenceEquals(current, _gradA))
        {
            _gradB = Reshape(_gradB, n, c, h, w);
            return _gradB;
        }

        _gradA = Reshape(_gradA, n, c, h, w);
        return _gradA;
    }

    /// <summary>Reuses a buffer when it is big enough; gradient buffers only need the element count.</summary>
    private static Tensor Reshape(Tensor? t, int n, int c, int h, int w)
    {
        if (t != null && t.N == n && t.C == c && t.H == h && t.W == w) return t;
        t?.Dispose();
        return new Tensor(n, c, h, w);
    }

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

        _gradA?.Dispose();
        _gradB?.Dispose();
        _gradA = _gradB = null;
    }
}
