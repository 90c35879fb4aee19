using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// Per-thread packing buffers of a fixed size, allocated once per worker thread and reused by every call,
/// so kernels do not allocate in steady state.
/// </summary>
internal static unsafe class GemmScratch
{
    /// <summary>Depth of one K block: a B strip (Kc×64 floats, 64 KB) stays in L1/L2 while A's slice is reused.</summary>
    public const int Kc = 256;

    /// <summary>Most columns one tile packs at once (Nc/64 strips).</summary>
    public const int Nc = 256;

    [ThreadStatic]
    private static AlignedBuffer? t_b;

    [ThreadStatic]
    private static AlignedBuffer? t_a;

    /// <summary>Kc×Nc floats for packed B strips.</summary>
    public static float* B => (t_b ??= new AlignedBuffer((long)Kc * Nc)).Pointer;

    /// <summary>Kc×6 floats for a partial row block of an unpadded A.</summary>
    public static float* A => (t_a ??= new AlignedBuffer((long)Kc * MicroKernel.Mr)).Pointer;
}
