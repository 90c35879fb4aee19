using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// 3×3, pad 1 convolution by Winograd F(m×m, 3×3), m = 2 or 4: (m+2)² multiplies per m×m output tile and channel
/// pair instead of 9m² (16 for 36 with m = 2, 36 for 144 with m = 4). The image's tiles are cut into fixed blocks
/// of 64; a block transforms its input patches into V ((m+2)² matrices Inputs × 64), runs the products
/// M_ξ = U_ξ·V_ξ on the GEMM micro-kernel, and transforms M back into output pixels (+ bias, ReLU). Tasks (image, block, output-row
/// group) depend only on the shapes, so results do not depend on the thread count.
/// </summary>
internal static unsafe class WinogradConv
{
    private const int Nr = MicroKernel.Nr;
    private const int Row = WinogradScratch.StageRow;
    private const int MinTasks = 8;

    /// <summary>Input channels per product pass: 128×64 floats of V (32 KB) fit L1.</summary>
    private const int Kc = 128;

    /// <param name="inputMask">If given (same shape as input), input elements where the mask is not &gt; 0 read as 0:
    /// a ReLU's backward fused into the staging of the convolution that follows it.</param>
    public static void Run(Tensor input, WinogradWeights u, Tensor output, bool relu, Tensor? inputMask = null)
    {
        int n = input.N, h = input.H, w = input.W, plane = h * w, tile = u.Tile, positions = u.Positions;
        int tilesW = (w + tile - 1) / tile, tiles = (h + tile - 1) / tile * tilesW;
        int blocks = (tiles + Nr - 1) / Nr;
        int rowBlocks = u.RowsPadded / MicroKernel.Mr;
        int groups = Math.Clamp((MinTasks + n * blocks - 1) / (n * blocks), 1, rowBlocks);
        var isa = KernelIsa.Current;
        var kernel = MicroKernel.For(isa);
        bool vector = WinogradTransforms.Vectorised(isa);
        nint x = (nint)input.Pointer, y = (nint)output.Pointer, mask = inputMask == null ? 0 : (nint)inputMask.Pointer;
        int inputs = u.Inputs, outputs = u.Outputs;

        Parallelism.For(n * blocks * groups, task =>
        {
            int image = task / (blocks * groups), rest = task % (blocks * groups);
            int block = rest / groups, group = rest % groups;
            int mb0 = group * rowBlocks / groups, mb1 = (group + 1) * rowBlocks / groups;
            int t0 = block * Nr, count = Math.Min(Nr, tiles - t0);
            float* v = WinogradScratch.V(positions, inputs);
            float* m = WinogradScratch.M(positions, u.RowsPadded);
            float* stage = WinogradScratch.Stage();
            float* src = (float*)x + (nint)image * inputs * plane;
            float* dst = (float*)y + (nint)image * outputs * plane;
            float* keep = mask == 0 ? null : (float*)mask + (nint)image * inputs * plane;

            TransformInput(tile, src, keep, inputs, h, w, tilesW, t0, count, v, stage, vector);
            nint vStride = (nint)inputs * Nr, mStride = (nint)u.RowsPadded * Nr;
            for (int xi = 0; xi < positions; xi++)
            {
                // K in blocks whose V slice (Kc×64 floats) stays in L1 across the row blocks; reloading C between
                // blocks continues the same sums in the same order, so the blocking does not change results.
                for (int k0 = 0; k0 < inputs; k0 += Kc)
                {
                    int kc = Math.Min(Kc, inputs - k0);
                    float* b = v + xi * vStride + (nint)k0 * Nr;
                    for (int mb = mb0; mb < mb1; mb++)
                    {
                        kernel(u.Panel(xi, mb) + k0 * MicroKernel.Mr, 1, MicroKernel.Mr, b, kc,
                            m + xi * mStride + mb * MicroKernel.Mr * Nr, Nr, null, k0 == 0 ? 0 : MicroKernel.LoadC);
                    }
                }
            }

            int o1 = Math.Min(outputs, mb1 * MicroKernel.Mr);
            TransformOutput(tile, m, mStride, mb0 * MicroKernel.Mr, o1, u.Bias, relu, dst, h, w, tilesW, t0, count, stage + 6 * Row, vector);
        });
    }

    /// <summary>Walks the block's tiles as runs within one tile row: (tile row, first tile column, length, slot in the block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformInput(int tile, float* src, float* keep, int inputs, int h, int w, int tilesW, int t0, int count, float* v, float* stage, bool vector)
    {
        nint xiStride = (nint)inputs * Nr;
        for (int slot = 0; slot < count;)
        {
            int t = t0 + slot, ty = t / tilesW, tx = t - ty * tilesW;
            int run = Math.Min(tilesW - tx, count - slot);
            int staged = (run + 15) / 16 * 16 * tile + tile; // columns a vector body reads
            for (int i = 0; i < inputs; i++)
            {
                float* channel = src + (nint)i * h * w;
                float* channelKeep = keep == null ? null : keep + (nint)i * h * w;
                for (int r = 0; r < tile + 2; r++)
                {
                    StageRow(channel, channelKeep, h, w, tile * ty - 1 + r, tile * tx - 1, tile * run + 2, staged, stage + r * Row, vector);
                }

                if (tile == 2) WinogradTransforms.Input(stage, run, v + (nint)i * Nr + slot, xiStride, vector);
                else WinogradTransforms4.Input(stage, run, v + (nint)i * Nr + slot, xiStride, vector);
            }

            slot += run;
        }
    }

    /// <summary>
    /// stage[j] = x[row, col0 + j] for j &lt; valid inside the image (0 where keep is given and keep[row, col0 + j] is not &gt; 0),
    /// 0 elsewhere up to <paramref name="staged"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StageRow(float* channel, float* keep, int h, int w, int row, int col0, int valid, int staged, float* stage, bool vector)
    {
        if (row < 0 || row >= h)
        {
            new Span<float>(stage, staged).Clear();
            return;
        }

        int from = Math.Max(0, -col0), to = Math.Min(valid, w - col0);
        if (from > 0) new Span<float>(stage, from).Clear();
        nint at = (nint)row * w + col0;
        if (keep == null) new ReadOnlySpan<float>(channel + at + from, to - from).CopyTo(new Span<float>(stage + from, to - from));
        else CopyWhereKept(channel + at, keep + at, stage, from, to, vector);
        new Span<float>(stage + to, staged - to).Clear();
    }

    /// <summary>stage[j] = keep[j] &gt; 0 ? x[j] : 0 for j in [from, to): the ReLU backward's select.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyWhereKept(float* x, float* keep, float* stage, int from, int to, bool vector)
    {
        int j = from;
        if (vector)
        {
            for (; j + 16 <= to; j += 16)
            {
                var k = Vector512.GreaterThan(Vector512.Load(keep + j), Vector512<float>.Zero);
                Vector512.ConditionalSelect(k, Vector512.Load(x + j), Vector512<float>.Zero).Store(stage + j);
            }
        }

        for (; j < to; j++) stage[j] = keep[j] > 0 ? x[j] : 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformOutput(int tile, float* m, nint xiStride, int o0, int o1, float* bias, bool relu,
        float* dst, int h, int w, int tilesW, int t0, int count, float* stage, bool vector)
    {
        for (int slot = 0; slot < count;)
        {
            int t = t0 + slot, ty = t / tilesW, tx = t - ty * tilesW;
            int run = Math.Min(tilesW - tx, count - slot);
            int cols = Math.Min(tile * run, w - tile * tx);
            int rows = Math.Min(tile, h - tile * ty);
            for (int o = o0; o < o1; o++)
            {
                float b = bias == null ? 0f : bias[o];
                if (tile == 2) WinogradTransforms.Output(m + (nint)o * Nr + slot, xiStride, run, stage, b, relu, vector);
                else WinogradTransforms4.Output(m + (nint)o * Nr + slot, xiStride, run, stage, b, relu, vector);
                float* out0 = dst + (nint)o * h * w + (nint)tile * ty * w + tile * tx;
                for (int r = 0; r < rows; r++)
                {
                    new ReadOnlySpan<float>(stage + r * Row, cols).CopyTo(new Span<float>(out0 + (nint)r * w, cols));
                }
            }

            slot += run;
        }
    }
}
