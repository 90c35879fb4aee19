using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// Per-thread buffers of one Winograd block: V (transformed input, [positions][inputs][64]), M (the products,
/// [positions][rows][64]) and the padded staging rows. Grown on first use at a size, then reused: no allocation
/// once the shapes have been seen.
/// </summary>
internal static unsafe class WinogradScratch
{
    /// <summary>Floats per staging row: 64 tiles of F(4×4) read 4·64 + 4 columns, rounded up for whole vectors.</summary>
    public const int StageRow = 272;

    [ThreadStatic]
    private static AlignedBuffer? t_v;

    [ThreadStatic]
    private static AlignedBuffer? t_m;

    [ThreadStatic]
    private static AlignedBuffer? t_stage;

    public static float* V(int positions, int inputs) => AlignedBuffer.Ensure(ref t_v, (long)positions * inputs * MicroKernel.Nr);

    public static float* M(int positions, int rows) => AlignedBuffer.Ensure(ref t_m, (long)positions * rows * MicroKernel.Nr);

    /// <summary>Up to six input rows then up to four output rows of <see cref="StageRow"/> floats.</summary>
    public static float* Stage() => AlignedBuffer.Ensure(ref t_stage, 10L * StageRow);
}
