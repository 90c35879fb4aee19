using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// Per-thread buffers of one Winograd block: V (transformed input, [16][inputs][64]), M (the 16 products,
/// [16][rows][64]) and the padded staging rows. Grown on first use at a size, then reused: no allocation
/// once the shapes have been seen.
/// </summary>
internal static unsafe class WinogradScratch
{
    /// <summary>Floats per input staging row: 64 tiles need 2·64 + 2 columns, rounded up for whole vectors.</summary>
    public const int StageRow = 160;

    [ThreadStatic]
    private static AlignedBuffer? t_v;

    [ThreadStatic]
    private static AlignedBuffer? t_m;

    [ThreadStatic]
    private static AlignedBuffer? t_stage;

    public static float* V(int inputs) => Ensure(ref t_v, 16L * inputs * MicroKernel.Nr);

    public static float* M(int rows) => Ensure(ref t_m, 16L * rows * MicroKernel.Nr);

    /// <summary>Four input rows then two output rows of <see cref="StageRow"/> floats.</summary>
    public static float* Stage() => Ensure(ref t_stage, 6L * StageRow);

    private static float* Ensure(ref AlignedBuffer? buffer, long length)
    {
        if (buffer == null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = new AlignedBuffer(length);
        }

        return buffer.Pointer;
    }
}
