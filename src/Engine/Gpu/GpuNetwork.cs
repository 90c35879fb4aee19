using ILGPU;
using ILGPU.Runtime;
using Nst.Engine.Kernels.Profiling;
using Nst.Engine.Nn;

namespace Nst.Engine.Gpu;

/// <summary>
/// VGG19's feature stack on the device, truncated after the deepest op a loss reads. Device memory is ample
/// beside the CPU's (the 1024² pass keeps ~1.4 GB of maps), so every op keeps its output for the backward pass
/// (ReLUs fused into their convolution's store share its buffer); buffers are allocated on the first pass of a
/// size and reused after. Backward runs two gradient buffers in turn; a ReLU's backward is fused into the store
/// of the convolution above it unless a loss reads that ReLU.
/// </summary>
internal sealed class GpuNetwork : IDisposable
{
    private readonly GpuKernels _kernels;
    private readonly DeviceConvWeights[] _convs;
    private readonly VggOp[] _ops;
    private readonly PoolingMode _pooling;
    private readonly bool[] _captured;
    private readonly bool[] _fusedRelu;
    private readonly DeviceSlot<float>?[] _slots;
    private readonly DeviceMap[] _outputs;
    private readonly DeviceSlot<float>[] _gradients;
    private bool _forwardDone;

    public GpuNetwork(GpuKernels kernels, DeviceMemory memory, IReadOnlyList<DeviceConvWeights> convs, IEnumerable<int> capturedOps, PoolingMode pooling)
    {
        var captured = capturedOps.Distinct().ToArray();
        if (captured.Length == 0) throw new NstException("No layer is used by any loss.");
        _kernels = kernels;
        _pooling = pooling;
        LastOp = captured.Max();
        _ops = Vgg19Layout.Ops.Take(LastOp + 1).ToArray();
        _convs = convs.Take(_ops.Count(o => o.Kind == VggOpKind.Conv)).ToArray();
        int count = _ops.Length;
        _captured = new bool[count];
        foreach (int i in captured) _captured[i] = true;
        _fusedRelu = new bool[count];
        _slots = new DeviceSlot<float>?[count];
        for (int i = 0; i < count; i++)
        {
            _fusedRelu[i] = _ops[i].Kind == VggOpKind.Conv && i + 1 < count && !_captured[i];
            bool ownBuffer = _ops[i].Kind != VggOpKind.Relu || !_fusedRelu[i - 1];
            if (ownBuffer) _slots[i] = new DeviceSlot<float>(memory);
        }

        _outputs = new DeviceMap[count];
        _gradients = [new DeviceSlot<float>(memory), new DeviceSlot<float>(memory)];
    }

    /// <summary>Index of the deepest op computed.</summary>
    public int LastOp { get; }

    /// <summary>Op <paramref name="op"/>'s output from the last <see cref="Forward"/>, valid until the next.</summary>
    public DeviceMap Output(int op) => _outputs[op];

    /// <summary>Runs the network on x̂ (3×H×W); the outputs stay on the device.</summary>
    public void Forward(DeviceMap input)
    {
        var current = input;
        int conv = 0;
        for (int i = 0; i < _ops.Length; i++)
        {
            var op = _ops[i];
            long start = GpuProfiling.Begin(_kernels);
            switch (op.Kind)
            {
                case VggOpKind.Conv:
                {
                    var w = _convs[conv++];
                    var y = Map(i, w.OutChannels, current.H, current.W);
                    _kernels.Conv(current, w.Forward, w.OutChannels, w.Bias, _fusedRelu[i], ArrayView<float>.Empty, y.View);
                    GpuProfiling.End(_kernels, start, op.Name, LayerPhase.Forward, ConvFlops(w, y));
                    current = y;
                    break;
                }

                case VggOpKind.Relu:
                {
                    if (!_fusedRelu[i - 1])
                    {
                        var y = Map(i, current.C, current.H, current.W);
                        _kernels.Relu(current.View, y.View, y.Length);
                        GpuProfiling.End(_kernels, start, op.Name, LayerPhase.Forward, 0);
                        current = y;
                    }

                    break;
                }

                default:
                {
                    if (current.H < 2 || current.W < 2)
                    {
                        throw new NstException($"The image is too small for {op.Name}: {current.W}x{current.H} before pooling; use a larger size.");
                    }

                    var y = Map(i, current.C, current.H / 2, current.W / 2);
                    if (_pooling == PoolingMode.Max) _kernels.MaxPool(current, y.View);
                    else _kernels.AvgPool(current, y.View);
                    GpuProfiling.End(_kernels, start, op.Name, LayerPhase.Forward, 0);
                    current = y;
                    break;
                }
            }

            _outputs[i] = current;
        }

        _forwardDone = true;
    }

    /// <summary>
    /// Back-propagates from the captured ops down to dL/dx̂ (written into <paramref name="gradInput"/>, 3×H×W).
    /// Each op a loss reads gets its dL/dF from <paramref name="gradients"/> when the pass reaches it.
    /// </summary>
    public void Backward(DeviceMap input, IDeviceFeatureGradients gradients, ArrayView<float> gradInput)
    {
        if (!_forwardDone) throw new InvalidOperationException("Run Forward before Backward.");
        DeviceMap? g = null;
        int side = 0;
        int conv = _convs.Length;
        int reluDone = -1; // a ReLU whose backward the conv above it already applied
        for (int i = _ops.Length - 1; i >= 0; i--)
        {
            var op = _ops[i];
            if (op.Kind == VggOpKind.Conv) conv--;
            if (_captured[i] && gradients.Has(i))
            {
                var features = _outputs[i];
                bool accumulate = g != null;
                g ??= Gradient(side, features.C, features.H, features.W);
                gradients.Apply(i, features, g.Value.View, accumulate);
            }

            if (g is not { } grad) continue;
            long start = GpuProfiling.Begin(_kernels);
            switch (op.Kind)
            {
                case VggOpKind.Relu:
                {
                    if (i == reluDone) continue;
                    _kernels.ReluBackward(_outputs[i].View, grad.View, grad.Length);
                    GpuProfiling.End(_kernels, start, op.Name, LayerPhase.Backward, 0);
                    break;
                }

                case VggOpKind.Conv:
                {
                    var w = _convs[conv];
                    var below = i == 0 ? input : _outputs[i - 1];
                    bool fuseMask = i > 0 && _ops[i - 1].Kind == VggOpKind.Relu && !(_captured[i - 1] && gradients.Has(i - 1));
                    var mask = fuseMask ? _outputs[i - 1].View : ArrayView<float>.Empty;
                    if (fuseMask) reluDone = i - 1;
                    side ^= 1;
                    var dx = i == 0 ? new DeviceMap(gradInput, 3, below.H, below.W) : Gradient(side, w.InChannels, below.H, below.W);
                    _kernels.Conv(grad, w.Backward, w.InChannels, ArrayView<float>.Empty, false, mask, dx.View);
                    GpuProfiling.End(_kernels, start, op.Name, LayerPhase.Backward, ConvFlops(w, grad));
                    g = dx;
                    break;
                }

                default:
                {
                    var below = _outputs[i - 1];
                    side ^= 1;
                    var dx = Gradient(side, below.C, below.H, below.W);
                    if (_pooling == PoolingMode.Max) _kernels.MaxPoolBackward(below, grad.View, dx.View);
                    else _kernels.AvgPoolBackward(below, grad.View, dx.View);
                    GpuProfiling.End(_kernels, start, op.Name, LayerPhase.Backward, 0);
                    g = dx;
                    break;
                }
            }
        }

        if (g is null) gradInput.MemSetToZero();
    }

    private DeviceMap Map(int op, int c, int h, int w) => new(_slots[op]!.Get((long)c * h * w), c, h, w);

    private DeviceMap Gradient(int side, int c, int h, int w) => new(_gradients[side].Get((long)c * h * w), c, h, w);

    private static double ConvFlops(DeviceConvWeights w, DeviceMap output) => 2.0 * 9 * w.InChannels * w.OutChannels * output.Plane;

    public void Dispose()
    {
        foreach (var slot in _slots) slot?.Dispose();
        foreach (var slot in _gradients) slot.Dispose();
    }
}
