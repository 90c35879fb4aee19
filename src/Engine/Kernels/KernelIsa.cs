using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels;

/// <summary>The instruction-set paths a kernel can take, widest last.</summary>
internal enum IsaLevel
{
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

/// <summary>
/// Which vector width the kernels use. Detected once from the hardware; tests may force a narrower
/// path (never a wider one than the hardware accelerates) to check each body against the reference.
/// </summary>
internal static class KernelIsa
{
    public static readonly IsaLevel Detected =
        Vector512.IsHardwareAccelerated ? IsaLevel.Vector512
        : Vector256.IsHardwareAccelerated ? IsaLevel.Vector256
        : Vector128.IsHardwareAccelerated ? IsaLevel.Vector128
        : IsaLevel.Scalar;

    private static IsaLevel s_current = Detected;

    /// <summary>The path every kernel dispatches on; setting it above <see cref="Detected"/> is refused.</summary>
    public static IsaLevel Current
    {
        get => s_current;
        set
        {
            if (value > Detected)
            {
                throw new NstException($"Kernel path {value} is not accelerated on this machine (best is {Detected}).");
            }

            s_current = value;
        }
    }
}
