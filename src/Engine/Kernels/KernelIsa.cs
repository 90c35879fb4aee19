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
/// path to check each body against the reference.
/// </summary>
internal static class KernelIsa
{
    public static readonly IsaLevel Detected =
        Vector512.IsHardwareAccelerated ? IsaLevel.Vector512
        : Vector256.IsHardwareAccelerated ? IsaLevel.Vector256
        : Vector128.IsHardwareAccelerated ? IsaLevel.Vector128
        : IsaLevel.Scalar;

    private static readonly AsyncLocal<IsaLevel?> s_forced = new();

    /// <summary>The path kernels dispatch on, read once at the top of each call on the calling thread.</summary>
    public static IsaLevel Current => s_forced.Value ?? Detected;

    /// <summary>
    /// Forces a path for the calling flow until the returned scope is disposed (async-local, so tests running
    /// in parallel do not see each other's choice). A path wider than <see cref="Detected"/> is refused.
    /// </summary>
    public static IDisposable Force(IsaLevel level)
    {
        if (level > Detected)
        {
            throw new NstException($"Kernel path {level} is not accelerated on this machine (best is {Detected}).");
        }

        var scope = new Scope(s_forced.Value);
        s_forced.Value = level;
        return scope;
    }

    private sealed class Scope(IsaLevel? previous) : IDisposable
    {
        public void Dispose() => s_forced.Value = previous;
    }
}
