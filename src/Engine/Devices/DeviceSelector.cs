using Nst.Engine.Gpu;

namespace Nst.Engine.Devices;

/// <summary>
/// Turns a device name (<c>--device</c>, <c>Nst__Device</c>) into a backend: <c>cpu</c> (the default), <c>cuda</c>
/// (the first CUDA device, or an <see cref="NstException"/> saying why there is none — never a silent fallback),
/// <c>auto</c> (CUDA when a device is usable, else the CPU) and <c>ilgpu-cpu</c> (the GPU kernels on ILGPU's CPU
/// accelerator: slow, for checking the GPU code path without a GPU).
/// </summary>
public static class DeviceSelector
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
    public const string Auto = "auto";
    public const string IlgpuCpu = "ilgpu-cpu";

    /// <summary>The names <see cref="Resolve"/> accepts, for help and error messages.</summary>
    public const string AllowedNames = "cpu, cuda, auto";

    /// <summary>The backend for <paramref name="device"/> (null or empty: cpu). The caller disposes it.</summary>
    public static IComputeBackend Resolve(string? device) => Resolve(device, out _);

    /// <summary>
    /// As <see cref="Resolve(string?)"/>; <paramref name="notice"/> says which device <c>auto</c> chose and why
    /// (null for the other names), to be shown at start.
    /// </summary>
    public static IComputeBackend Resolve(string? device, out string? notice)
    {
        notice = null;
        string name = string.IsNullOrWhiteSpace(device) ? Cpu : device.Trim().ToLowerInvariant();
        switch (name)
        {
            case Cpu:
                return CpuBackend.Instance;
            case Cuda:
                try
                {
                    return GpuBackend.CreateCuda();
                }
                catch (NstException e)
                {
                    throw new NstException($"--device cuda: {e.Message}; use --device cpu or auto.", e);
                }

            case Auto:
                try
                {
                    var gpu = GpuBackend.CreateCuda();
                    notice = $"device auto: {gpu.Description}";
                    return gpu;
                }
                catch (NstException e)
                {
                    notice = $"device auto: {CpuBackend.Instance.Description} ({e.Message})";
                    return CpuBackend.Instance;
                }

            case IlgpuCpu:
                return GpuBackend.CreateCpuEmulator();
            default:
                throw new NstException($"Unknown device '{device}'; use one of: {AllowedNames}.");
        }
    }
}
