using ILGPU;

namespace Nst.Engine.Gpu;

/// <summary>The losses' side of <see cref="GpuNetwork.Backward"/>, as <see cref="Nn.IFeatureGradients"/> is the CPU network's.</summary>
internal interface IDeviceFeatureGradients
{
    bool Has(int op);

    /// <summary>Writes (or, with <paramref name="accumulate"/>, adds) dL/dF of op <paramref name="op"/> into <paramref name="grad"/>.</summary>
    void Apply(int op, DeviceMap features, ArrayView<float> grad, bool accumulate);
}
