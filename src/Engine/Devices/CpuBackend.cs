using Nst.Engine.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Tensors;

namespace Nst.Engine.Devices;

/// <summary>The CPU engine (<see cref="StyleObjective"/>): the default, and what every other backend is checked against.</summary>
public sealed class CpuBackend : IComputeBackend
{
    /// <summary>The one instance; it holds nothing, so disposing it does nothing.</summary>
    public static CpuBackend Instance { get; } = new();

    private CpuBackend()
    {
    }

    public string Name => DeviceSelector.Cpu;

    public string Description => $"CPU ({Parallelism.Threads} thread(s), {KernelIsa.Current} kernels)";

    public long PeakDeviceBytes => 0;

    public IStyleObjective CreateObjective(IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, IReadOnlyList<(Tensor Image, float Blend)> styles)
        => StyleObjective.Create(convs, spec, content, styles);

    public void Dispose()
    {
    }
}
