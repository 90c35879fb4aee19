using ILGPU;

namespace Nst.Engine.Gpu;

/// <summary>
/// L = w · mean((G − A)²) over C² with G = F·Fᵀ/(C·H·W) — <see cref="Losses.StyleLoss"/> on the device. The forward
/// pass leaves the Gram backward's left factor (dG + dGᵀ)/(C·H·W) on the device for the backward pass.
/// </summary>
internal sealed class GpuStyleLoss : IDeviceLoss
{
    private readonly GpuKernels _kernels;
    private readonly DeviceBuffer<float> _target;
    private readonly DeviceBuffer<float> _factor;
    private readonly GpuScratch _scratch;

    /// <param name="targetGram">A, the (blended) style Gram matrix, C×C.</param>
    public GpuStyleLoss(GpuKernels kernels, DeviceMemory memory, GpuScratch scratch, int layer, float[] targetGram, int channels, float weight)
    {
        _kernels = kernels;
        _scratch = scratch;
        Layer = layer;
        Channels = channels;
        Weight = weight;
        _target = memory.Allocate<float>(channels * channels);
        _factor = memory.Allocate<float>(channels * channels);
        _target.Upload(targetGram);
    }

    public int Layer { get; }

    public int Channels { get; }

    public float Weight { get; }

    public void Sum(DeviceMap features, ArrayView<double> sums, int slot)
    {
        int c = Channels;
        if (features.C != c) throw new ArgumentException($"Features have {features.C} channels, expected {c}.", nameof(features));
        int slices = GpuKernels.Slices(features.Plane);
        var partial = _scratch.GramPartial(slices * c * c);
        var squares = _scratch.Squares(c * c);
        _kernels.GramPartial(features, partial);
        _kernels.StyleGram(partial, _target.View, squares, _factor.View, c, slices, Scale(features), 2f * Weight / (c * c));
        _kernels.SumDoubles(squares, c * c, sums, slot);
    }

    public double Value(double sum) => Weight * sum / (Channels * Channels);

    public void Gradient(DeviceMap features, ArrayView<float> grad, bool accumulate) => _kernels.GramBackward(_factor.View, features, grad, accumulate);

    public static float Scale(DeviceMap features) => 1f / ((float)features.C * features.Plane);

    public void Dispose()
    {
        _target.Dispose();
        _factor.Dispose();
    }
}
