using ILGPU;

namespace Nst.Engine.Gpu;

/// <summary>A C×H×W feature map (batch 1) in device memory.</summary>
internal readonly record struct DeviceMap(ArrayView<float> View, int C, int H, int W)
{
    public int Plane => H * W;

    public int Length => C * H * W;
}
