using Nst.Engine.Kernels.Profiling;

namespace Nst.Engine.Gpu;

/// <summary>
/// <see cref="LayerProfiler"/> for asynchronous launches: while a profiler records, a step waits for the device
/// before it starts and before it ends, so its time is the device's; otherwise nothing waits.
/// </summary>
internal static class GpuProfiling
{
    public static long Begin(GpuKernels kernels)
    {
        if (LayerProfiler.Begin() == 0) return 0;
        kernels.Synchronize();
        return LayerProfiler.Begin();
    }

    public static void End(GpuKernels kernels, long start, string name, LayerPhase phase, double flops)
    {
        if (start == 0) return;
        kernels.Synchronize();
        LayerProfiler.End(start, name, phase, flops);
    }
}
