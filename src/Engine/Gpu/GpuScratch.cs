using ILGPU;

namespace Nst.Engine.Gpu;

/// <summary>Working buffers one objective's losses share in turn (the loss sums run one after another on one stream).</summary>
internal sealed class GpuScratch(DeviceMemory memory) : IDisposable
{
    private readonly DeviceSlot<float> _gramPartial = new(memory);
    private readonly DeviceSlot<double> _squares = new(memory);
    private readonly DeviceSlot<float> _gradient = new(memory);

    /// <summary>Partial Gram matrices, one per K slice.</summary>
    public ArrayView<float> GramPartial(int length) => _gramPartial.Get(length);

    /// <summary>Terms of a loss's sum.</summary>
    public ArrayView<double> Squares(int length) => _squares.Get(length);

    /// <summary>One loss's gradient before --normalize-gradients rescales it.</summary>
    public ArrayView<float> Gradient(int length) => _gradient.Get(length);

    public void Dispose()
    {
        _gramPartial.Dispose();
        _squares.Dispose();
        _gradient.Dispose();
    }
}
