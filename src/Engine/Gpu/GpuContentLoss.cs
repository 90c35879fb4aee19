using ILGPU;
using ILGPU.Runtime;

namespace Nst.Engine.Gpu;

/// <summary>L = w · mean((F − P)²); dL/dF = 2w(F − P)/n — <see cref="Losses.ContentLoss"/> on the device.</summary>
internal sealed class GpuContentLoss : IDeviceLoss
{
    private readonly GpuKernels _kernels;
    private readonly DeviceBuffer<float> _target;

    /// <param name="target">P, the content image's features (copied).</param>
    public GpuContentLoss(GpuKernels kernels, DeviceMemory memory, int layer, DeviceMap target, float weight)
    {
        _kernels = kernels;
        Layer = layer;
        Weight = weight;
        Count = target.Length;
        _target = memory.Allocate<float>(Count);
        target.View.CopyTo(_target.View);
    }

    public int Layer { get; }

    public float Weight { get; }

    public int Count { get; }

    public void Sum(DeviceMap features, ArrayView<double> sums, int slot)
    {
        Check(features);
        _kernels.SumSquaredDifference(features.View, _target.View, Count, sums, slot);
    }

    public double Value(double sum) => Weight * sum / Count;

    public void Gradient(DeviceMap features, ArrayView<float> grad, bool accumulate)
    {
        Check(features);
        _kernels.ContentGradient(features.View, _target.View, grad, Count, 2f * Weight / Count, accumulate);
    }

    public void Dispose() => _target.Dispose();

    private void Check(DeviceMap features)
    {
        if (features.Length != Count) throw new ArgumentException($"Features have {features.Length} values, the content target {Count}.", nameof(features));
    }
}
