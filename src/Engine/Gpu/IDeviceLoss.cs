using ILGPU;

namespace Nst.Engine.Gpu;

/// <summary>A loss on one layer's features on the device: its sum in the forward pass, its gradient in the backward.</summary>
internal interface IDeviceLoss : IDisposable
{
    int Layer { get; }

    float Weight { get; }

    /// <summary>Queues the loss's raw sum into sums[slot] (<see cref="Value"/> turns it into the loss).</summary>
    void Sum(DeviceMap features, ArrayView<double> sums, int slot);

    /// <summary>The loss from its raw sum.</summary>
    double Value(double sum);

    /// <summary>Writes (or adds) dL/dF at the features of the last <see cref="Sum"/> into <paramref name="grad"/>.</summary>
    void Gradient(DeviceMap features, ArrayView<float> grad, bool accumulate);
}
