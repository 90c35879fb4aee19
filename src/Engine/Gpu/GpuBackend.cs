using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Nst.Engine.Devices;
using Nst.Engine.Gpu.Kernels;
using Nst.Engine.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Tensors;

namespace Nst.Engine.Gpu;

/// <summary>
/// The objective on a GPU through ILGPU: C# kernels compiled to PTX at run time (only the NVIDIA driver's libcuda
/// is needed, no toolkit), or the same kernels on ILGPU's CPU accelerator, which runs them without a GPU (slowly)
/// so they can be tested anywhere. One accelerator per backend; objectives made from it evaluate one at a time.
/// </summary>
public sealed class GpuBackend : IComputeBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly DeviceMemory _memory;
    private readonly GpuKernels _kernels;

    private GpuBackend(Context context, Accelerator accelerator, Func<Accelerator, DeviceMemory, GpuKernels> kernels, string name, string description)
    {
        _context = context;
        _accelerator = accelerator;
        _memory = new DeviceMemory(accelerator);
        _kernels = kernels(accelerator, _memory);
        Name = name;
        Description = description;
    }

    public string Name { get; }

    public string Description { get; }

    public long PeakDeviceBytes => _memory.PeakBytes;

    /// <summary>Device bytes the backend's buffers hold now.</summary>
    public long LiveDeviceBytes => _memory.LiveBytes;

    internal GpuKernels Kernels => _kernels;

    internal DeviceMemory Memory => _memory;

    /// <summary>The first CUDA device; an <see cref="NstException"/> saying why when there is none.</summary>
    public static GpuBackend CreateCuda()
    {
        Context? context = null;
        try
        {
            CudaDriverLibrary.EnsureResolvable();
            context = Context.Create(b => b.Cuda().EnableAlgorithms().Optimize(OptimizationLevel.O1));
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                throw new NstException(CudaAPI.CurrentAPI is null || CudaAPI.CurrentAPI.GetType().Name.Contains("NotSupported", StringComparison.Ordinal)
                    ? "no CUDA device: the NVIDIA driver (libcuda.so.1) is not installed or not visible here"
                    : "no CUDA device: the NVIDIA driver reports none");
            }

            var cuda = devices[0].CreateCudaAccelerator(context);
            string arch = cuda.Architecture is { } a ? $", sm_{a.Major}{a.Minor}" : string.Empty;
            string description = $"CUDA: {cuda.Name} ({cuda.MemorySize / 1e9:F1} GB{arch}, driver {cuda.DriverVersion})";
            return new GpuBackend(context, cuda, (acc, mem) => new GpuKernelSet<CudaTile>(acc, mem), DeviceSelector.Cuda, description);
        }
        catch (NstException)
        {
            context?.Dispose();
            throw;
        }
        catch (Exception e) when (e is CudaException or InvalidOperationException or NotSupportedException or DllNotFoundException or TypeInitializationException or AcceleratorException)
        {
            context?.Dispose();
            throw new NstException($"no usable CUDA device: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    /// <summary>
    /// ILGPU's CPU accelerator with one thread per group (see <see cref="EmulatorTile"/>) and one simulated
    /// multiprocessor per core: the GPU code path, bit-identical in its arithmetic, without a GPU.
    /// </summary>
    public static GpuBackend CreateCpuEmulator() => CreateEmulator<EmulatorTile>(new CPUDevice(2, 1, Math.Max(1, Environment.ProcessorCount)), "ILGPU CPU accelerator (the GPU kernels, emulated)");

    /// <summary>The CPU accelerator with a given tile shape and simulated device: tests run the GPU's own tile on it.</summary>
    internal static GpuBackend CreateEmulator<TTile>(CPUDevice device, string description)
        where TTile : struct, ITileShape
    {
        var context = Context.Create(b => b.CPU(device).EnableAlgorithms().Optimize(OptimizationLevel.O1));
        try
        {
            var accelerator = context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel);
            return new GpuBackend(context, accelerator, (acc, mem) => new GpuKernelSet<TTile>(acc, mem), DeviceSelector.IlgpuCpu, description);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    public IStyleObjective CreateObjective(IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, IReadOnlyList<(Tensor Image, float Blend)> styles)
        => GpuObjective.Create(_kernels, _memory, convs, spec, content, styles);

    public void Dispose()
    {
        _accelerator.Bind();
        _kernels.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }
}
