using ILGPU.Runtime.CPU;
using Nst.Engine.Gpu;
using Nst.Engine.Gpu.Kernels;

namespace Nst.Engine.Tests.Gpu;

/// <summary>
/// The GPU backend on ILGPU's CPU accelerator, shared by every GPU test (compiling kernels and starting the
/// accelerator's threads is the slow part): <see cref="Emulator"/> with the emulator's one-thread tile, and
/// <see cref="CudaTiled"/> with the tile a CUDA device runs (256 threads per group; each barrier costs
/// milliseconds on the CPU, so it gets small shapes only).
/// </summary>
public sealed class GpuFixture : IDisposable
{
    private readonly Lazy<GpuBackend> _emulator = new(GpuBackend.CreateCpuEmulator);
    private readonly Lazy<GpuBackend> _cudaTiled = new(() => GpuBackend.CreateEmulator<CudaTile>(new CPUDevice(32, 8, 1), "CPU accelerator with the CUDA tile"));

    internal GpuBackend Emulator => _emulator.Value;

    internal GpuBackend CudaTiled => _cudaTiled.Value;

    public void Dispose()
    {
        if (_emulator.IsValueCreated) _emulator.Value.Dispose();
        if (_cudaTiled.IsValueCreated) _cudaTiled.Value.Dispose();
    }
}
